/**
 * Catch-up in the simulator (issue 11): a node that was frozen, cut off
 * or new gets the lines it missed from its peers, once each, and refuses
 * a forged or unasked-for line inside a sync. The same core as the
 * program runs here (`test/helpers/simulator.ts`).
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import test from 'node:test';
import {defaultCatchUpConfig} from '../../source/protocol/catch-up.js';
import type {PeerKey} from '../../source/protocol/peer-key.js';
import {infinity} from '../../source/protocol/sync-set.js';
import {forged, type Simulator, withSimulator} from '../helpers/simulator.js';

const options = {catchUp: defaultCatchUpConfig};

/** `count` nodes, each bootstrapped from a random earlier one, all linked up. */
function mesh(sim: Simulator, count: number): PeerKey[] {
	const keys = [sim.addNode()];
	for (let index = 1; index < count; index++) {
		sim.run(50);
		keys.push(sim.addNode(keys[Math.floor(sim.random() * keys.length)]));
	}

	sim.run(5000);
	return keys;
}

/** How many times `key` has line `id`, live or caught up. */
function copies(sim: Simulator, id: string, key: PeerKey): number {
	return (
		(sim.deliveries.get(id)?.get(key) ?? 0) +
		(sim.caughtUp.get(id)?.get(key) ?? 0)
	);
}

function caughtUp(sim: Simulator, id: string, key: PeerKey): number {
	return sim.caughtUp.get(id)?.get(key) ?? 0;
}

test('a node frozen while 100 lines were sent has all of them, once each, soon after it resumes', () => {
	withSimulator(11, options, (sim) => {
		const [frozen, ...others] = mesh(sim, 6);
		assert.ok(frozen);
		sim.freeze(frozen);
		const ids: string[] = [];
		for (let index = 0; index < 100; index++) {
			ids.push(sim.publish(others[index % others.length]!));
			sim.run(300);
		}

		sim.thaw(frozen);
		const took = sim.runUntil(
			() => ids.every((id) => copies(sim, id, frozen) > 0),
			10_000,
		);
		assert.ok(took <= 5000, `caught up after ${took} ms`);
		sim.run(5000);
		for (const id of ids) assert.equal(copies(sim, id, frozen), 1);
		// The freeze lasted 30 s, far past the idle timeout: the lines came by catch-up.
		assert.ok(ids.filter((id) => caughtUp(sim, id, frozen) === 1).length > 90);
		// And no one else was handed a line twice.
		for (const key of others) {
			for (const id of ids) assert.ok(copies(sim, id, key) <= 1);
		}
	});
});

test('a late joiner gets the window; the rest of the mesh stays quiet', () => {
	withSimulator(12, options, (sim) => {
		const keys = mesh(sim, 5);
		const ids = keys.flatMap((key) => [sim.publish(key), sim.publish(key)]);
		sim.run(2000);
		const late = sim.addNode(keys[0]);
		sim.runUntil(() => ids.every((id) => copies(sim, id, late) === 1), 10_000);
		assert.equal(
			ids.filter((id) => caughtUp(sim, id, late) === 1).length,
			ids.length,
		);
	});
});

test('two peers in sync say one SYNC each time they link', () => {
	withSimulator(13, options, (sim) => {
		const [a] = mesh(sim, 2);
		assert.ok(a);
		sim.publish(a);
		sim.run(2000);
		const before = sim.traffic.syncs;
		// A minute on: one periodic sync, answered by nothing (all ranges agree).
		sim.run(defaultCatchUpConfig.everyMs);
		assert.equal(sim.traffic.syncs - before, 1);
		assert.equal(sim.traffic.synced, 0);
	});
});

test('a forged line inside a sync is refused; a line not asked for is refused unread', () => {
	withSimulator(14, options, (sim) => {
		const [a, b] = mesh(sim, 2);
		assert.ok(a && b);
		sim.partition([[a], [b]]);
		sim.run(10_000);
		const id = sim.publish(a);
		// What a's store would serve is altered: the signature no longer holds.
		const node = sim.nodes.get(a)!;
		node.held.set(id, {
			kind: 'chat',
			envelope: {...sim.sent(id), signature: forged},
		});
		sim.heal();
		sim.runUntil(() => sim.traffic.synced > 0, 20_000);
		sim.run(1000);
		assert.equal(copies(sim, id, b), 0);
		assert.ok(
			sim.drops(b).some((drop) => drop.kind === 'bad-signature'),
			'counted as a bad signature',
		);

		const pushed = sim.envelope(a);
		sim.inject(b, a, {
			kind: 'synced',
			payload: {kind: 'chat', envelope: pushed},
		});
		assert.deepEqual(sim.drops(b).at(-1), {
			kind: 'malformed',
			detail: 'a caught-up line that was not asked for',
		});
	});
});

test('a peer flooding SYNC frames is cut to its share; what it offers is bounded by the window', () => {
	withSimulator(15, options, (sim) => {
		const [a, b] = mesh(sim, 2);
		assert.ok(a && b);
		const before = sim.drops(b).length;
		const ids = Array.from({length: 2000}, (_, index) =>
			createHash('sha256').update(`fake ${index}`).digest('hex'),
		);
		for (let index = 0; index < 300; index++) {
			sim.inject(b, a, {
				kind: 'sync',
				message: {
					since: 0,
					ranges: [{upper: infinity, mode: 'offer', ids}],
					want: [],
				},
			});
		}

		const limited = sim
			.drops(b)
			.slice(before)
			.filter((drop) => drop.kind === 'rate-limited').length;
		// A burst of 100, then 20 a second: the rest of the 300 are dropped unread.
		assert.ok(limited >= 190, `${limited} dropped`);
		// The same 2,000 ids each time: asked for once, one batch in flight.
		assert.equal(sim.nodes.get(b)?.core.awaitingCatchUp, 1024);
	});
});

test('a line written long before the link heals (past the live clock check) still comes by catch-up, once', () => {
	withSimulator(15, options, (sim) => {
		const [a, b] = mesh(sim, 2);
		assert.ok(a && b);
		sim.partition([[a], [b]]);
		sim.run(10_000);
		const id = sim.publish(a);
		// Eleven minutes: live, a line this old is refused (clock skew, 10 min).
		sim.run(11 * 60_000);
		// By now they have forgotten each other: a dial (a rejoin, a
		// bootstrap) links them again.
		sim.heal();
		sim.link(a, b);
		sim.runUntil(() => copies(sim, id, b) > 0, 30_000);
		assert.equal(caughtUp(sim, id, b), 1);
		sim.run(5000);
		assert.equal(copies(sim, id, b), 1);
	});
});

test('a caught-up line timestamped far ahead of the clock is refused; the lines around it still come', () => {
	withSimulator(16, options, (sim) => {
		const [a, b] = mesh(sim, 2);
		assert.ok(a && b);
		sim.partition([[a], [b]]);
		sim.run(10_000);
		const before = sim.publish(a);
		// An author whose clock runs 20 minutes fast (over the 10-minute skew
		// allowed), or a line made to sit at the end of every window.
		const ahead = sim.publish(
			a,
			sim.envelope(a, {timestamp: sim.now + 20 * 60_000}),
		);
		const after = sim.publish(a);
		sim.heal();
		sim.runUntil(
			() => copies(sim, before, b) > 0 && copies(sim, after, b) > 0,
			30_000,
		);
		sim.run(5000);
		assert.equal(copies(sim, before, b), 1);
		assert.equal(copies(sim, after, b), 1);
		assert.equal(copies(sim, ahead, b), 0, 'never shown');
		assert.ok(
			sim.drops(b).some((drop) => drop.kind === 'replayed'),
			JSON.stringify(sim.drops(b)),
		);
	});
});
