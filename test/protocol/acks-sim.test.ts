/**
 * Acknowledgements in the simulator (issue 10, finding 9: "delivered" must
 * mean the peer acknowledged it). Each link a line is written to acks it;
 * the author's core settles the line once every link has acked it, closed
 * or let the deadline pass, and a frozen or silent peer makes the line
 * "not confirmed", never confirmed. The same core as the program runs here
 * (`test/helpers/simulator.ts`).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {LineOutcome} from '../../source/protocol/core-types.js';
import type {PeerKey} from '../../source/protocol/flood.js';
import {
	defaultMeshConfig,
	type MeshConfig,
} from '../../source/protocol/mesh-config.js';
import {
	forged,
	type SimAcks,
	type Simulator,
	withSimulator,
} from '../helpers/simulator.js';

const config: MeshConfig = defaultMeshConfig;

/** A hub with `acks.length` leaves, each linked to the hub only. */
function star(sim: Simulator, acks: readonly SimAcks[]): [PeerKey, PeerKey[]] {
	const hub = sim.addNode();
	const leaves = acks.map((kind) => {
		sim.run(20);
		return sim.addNode(hub, kind);
	});
	sim.runUntil(() => sim.linkCount(hub) === leaves.length, 10_000);
	return [hub, leaves];
}

/** The outcome of `key`'s line `seq`, once settled. */
function outcomeOf(
	sim: Simulator,
	key: PeerKey,
	seq: number,
): LineOutcome | undefined {
	return sim.settled(key).find((outcome) => outcome.seq === seq);
}

const sorted = (keys: readonly PeerKey[]) => keys.toSorted();

test('every link acks the line: it settles confirmed by each, within a round trip', () => {
	withSimulator(31, {}, (sim) => {
		const [hub, leaves] = star(sim, ['yes', 'yes', 'yes']);
		const envelope = sim.envelope(hub);
		sim.publish(hub, envelope);
		// The slowest link's round trip is at most 80 ms here.
		const took = sim.runUntil(
			() => outcomeOf(sim, hub, envelope.seq) !== undefined,
			1000,
			5,
		);
		assert.ok(took <= 100, `settled after ${took} ms`);
		const outcome = outcomeOf(sim, hub, envelope.seq);
		assert.deepEqual(sorted(outcome?.confirmed ?? []), sorted(leaves));
		assert.deepEqual(outcome?.unconfirmed, []);
		assert.deepEqual(outcome?.unacknowledging, []);
	});
});

test('a peer that takes lines and never acks: not confirmed at the deadline, not before', () => {
	withSimulator(32, {}, (sim) => {
		const [hub, [honest, silent]] = star(sim, ['yes', 'silent']);
		const envelope = sim.envelope(hub);
		sim.publish(hub, envelope);
		sim.run(config.ackTimeoutMs - 600);
		assert.equal(outcomeOf(sim, hub, envelope.seq), undefined, 'still waiting');
		// Swept at the first tick past the deadline (ticks are 500 ms apart).
		sim.run(600 + config.tickMs);
		const outcome = outcomeOf(sim, hub, envelope.seq);
		assert.deepEqual(outcome?.confirmed, [honest]);
		assert.deepEqual(outcome?.unconfirmed, [{key: silent, reason: 'timeout'}]);
	});
});

test('a frozen peer: lines written to it are not confirmed, settled when its link closes', () => {
	withSimulator(33, {}, (sim) => {
		const [hub, [live, frozen]] = star(sim, ['yes', 'yes']);
		sim.freeze(frozen!);
		const seqs = [1, 2, 3].map(() => {
			const envelope = sim.envelope(hub);
			sim.publish(hub, envelope);
			return envelope.seq;
		});
		// The link goes silent; the hub notices after the idle timeout (8 s).
		sim.runUntil(
			() => seqs.every((seq) => outcomeOf(sim, hub, seq) !== undefined),
			config.ackTimeoutMs + 1000,
		);
		for (const seq of seqs) {
			const outcome = outcomeOf(sim, hub, seq);
			assert.deepEqual(outcome?.confirmed, [live]);
			assert.deepEqual(outcome?.unconfirmed, [
				{key: frozen, reason: 'link-closed'},
			]);
		}
	});
});

test('an older peer is never sent an ACK, and its lines are "sent", not confirmed', () => {
	withSimulator(34, {}, (sim) => {
		const [hub, [old]] = star(sim, ['no']);
		const before = sim.traffic.acks;
		const envelope = sim.envelope(hub);
		sim.publish(hub, envelope);
		// The old node's own line reaches the hub: no ACK goes back to it.
		sim.publish(old!, sim.envelope(old!));
		sim.run(1000);
		assert.equal(sim.traffic.acks, before);
		assert.deepEqual(outcomeOf(sim, hub, envelope.seq), {
			seq: envelope.seq,
			confirmed: [],
			unconfirmed: [],
			unacknowledging: [old],
		});
	});
});

test('copies are acked, relayed and refused lines are not', () => {
	withSimulator(35, {}, (sim) => {
		const [hub, [author]] = star(sim, ['yes', 'yes']);
		const envelope = sim.envelope(author!);
		sim.publish(author!, envelope);
		sim.run(500);
		// One ACK: from the hub to the author. The other leaf got the line
		// relayed by the hub, which waits for no ack of a line not its own.
		assert.equal(sim.traffic.acks, 1);

		// The author's very line again, over its link: a copy, still acked.
		sim.inject(hub, author!, {kind: 'chat', envelope});
		sim.run(500);
		assert.equal(sim.traffic.acks, 2);

		// A line with a bad signature on the author's link: refused, not acked.
		sim.inject(hub, author!, {
			kind: 'chat',
			envelope: {...sim.envelope(author!), signature: forged},
		});
		sim.run(500);
		assert.equal(sim.traffic.acks, 2);
		assert.deepEqual(sim.drops(hub), [{kind: 'bad-signature'}]);
	});
});

test('the lines awaiting acks are bounded: past the bound the oldest is given up', () => {
	withSimulator(36, {config: {...config, maxAwaitingAcks: 3}}, (sim) => {
		const [hub, [silent]] = star(sim, ['silent']);
		const seqs = [1, 2, 3, 4, 5].map(() => {
			const envelope = sim.envelope(hub);
			sim.publish(hub, envelope);
			return envelope.seq;
		});
		// At once, without waiting for the deadline.
		assert.deepEqual(
			sim.settled(hub).map((outcome) => [outcome.seq, outcome.unconfirmed]),
			seqs.slice(0, 2).map((seq) => [seq, [{key: silent, reason: 'overflow'}]]),
		);
		assert.equal(sim.nodes.get(hub)?.core.awaitingAcks, 3);
	});
});
