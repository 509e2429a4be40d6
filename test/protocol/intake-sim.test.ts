/**
 * Intake in the simulator: the core judges every line before it delivers or
 * relays it, so a forged, replayed or skewed line stops at the first honest
 * node, and the genuine line still reaches everyone once. The simulator runs
 * the same core as the program (signatures simulated: see `simulator.ts`).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {PeerKey} from '../../source/protocol/flood.js';
import type {MeshFrame} from '../../source/protocol/core-types.js';
import type {PeerAddress} from '../../source/protocol/gossip-messages.js';
import {keyBytes} from '../../source/protocol/peer-key.js';
import {asIp} from '../helpers/ip.js';
import {
	forged,
	genuine,
	type Simulator,
	withSimulator,
	convergedChain,
} from '../helpers/simulator.js';

/** How many nodes delivered `id`. */
function deliveredBy(sim: Simulator, id: string): number {
	return sim.deliveries.get(id)?.size ?? 0;
}

/** A key of a live node linked to `key`. */
function neighbour(sim: Simulator, key: PeerKey): PeerKey {
	const [first] = sim.nodes.get(key)?.core.links ?? [];
	if (first === undefined) throw new Error('the node has no links');
	return first;
}

test('a forged line is dropped by the first node it reaches; the genuine one still reaches all', () => {
	withSimulator(11, {}, (sim) => {
		const keys = convergedChain(sim, 8);
		const author = keys[0]!;
		const target = neighbour(sim, author);
		const genuine = sim.envelope(author);
		const id = sim.inject(target, author, {
			kind: 'chat',
			envelope: {...genuine, signature: forged},
		});
		sim.run(2000);
		assert.equal(deliveredBy(sim, id ?? ''), 0, 'nobody showed the forgery');
		assert.deepEqual(sim.drops(target), [{kind: 'bad-signature'}]);

		// The author sends the line itself: the forgery (same id) left no
		// trace in the replay memory, so the genuine line is not taken for a copy.
		sim.publish(author, genuine);
		sim.run(2000);
		assert.equal(deliveredBy(sim, id ?? ''), keys.length - 1);
	});
});

test('a line sent again later is a copy: each node still shows it once', () => {
	withSimulator(12, {}, (sim) => {
		const keys = convergedChain(sim, 8);
		const id = sim.publish(keys[0]!);
		sim.run(2000);
		assert.equal(deliveredBy(sim, id), keys.length - 1);
		// Every node gets the very same line once more, from a neighbour.
		for (const key of keys.slice(1)) {
			sim.inject(key, neighbour(sim, key), {
				kind: 'chat',
				envelope: sim.sent(id),
			});
		}

		sim.run(2000);
		for (const [key, times] of sim.deliveries.get(id) ?? []) {
			assert.equal(
				times,
				1,
				`node ${key.slice(0, 8)} showed it ${times} times`,
			);
		}
	});
});

test('a line from a clock far off (an old line replayed) stops at the first node', () => {
	withSimulator(13, {}, (sim) => {
		sim.run(60 * 60 * 1000);
		const keys = convergedChain(sim, 8);
		const author = keys[0]!;
		const target = neighbour(sim, author);
		const old = sim.envelope(author, {timestamp: sim.now - 11 * 60 * 1000});
		const id = sim.inject(target, author, {kind: 'chat', envelope: old});
		sim.run(2000);
		assert.equal(deliveredBy(sim, id ?? ''), 0);
		assert.deepEqual(sim.drops(target), [{kind: 'replayed'}]);
		// Nothing of it was passed on: no other node even saw it.
		for (const key of keys) {
			if (key !== target) assert.deepEqual(sim.drops(key), []);
		}
	});
});

test('a signed line with a nick that could fool a terminal is dropped, not relayed', () => {
	withSimulator(14, {}, (sim) => {
		const keys = convergedChain(sim, 6);
		const author = keys[0]!;
		const target = neighbour(sim, author);
		const id = sim.inject(target, author, {
			kind: 'chat',
			envelope: sim.envelope(author, {nick: 'bob\nalice'}),
		});
		sim.run(2000);
		assert.equal(deliveredBy(sim, id ?? ''), 0);
		assert.equal(sim.drops(target)[0]?.kind, 'malformed');
	});
});

test('a bridged line claiming the address of an online native peer stops at the first node', () => {
	withSimulator(15, {}, (sim) => {
		const keys = convergedChain(sim, 8);
		const bridge = keys[0]!;
		const target = neighbour(sim, bridge);
		const victim = keys.find((key) => key !== bridge && key !== target)!;
		const bridged = (source: PeerAddress, text: string): MeshFrame => ({
			kind: 'bridged',
			line: {
				bridge: keyBytes(bridge),
				bridgeNick: 'b',
				source,
				timestamp: sim.now,
				seq: sim.now + text.length,
				text,
				signature: genuine,
			},
		});
		const victimAddress = sim.nodes.get(victim)?.address;
		assert.ok(victimAddress);
		const spoofed = sim.inject(target, bridge, bridged(victimAddress, 'lie'));
		sim.run(2000);
		assert.equal(deliveredBy(sim, spoofed ?? ''), 0);
		assert.deepEqual(sim.drops(target), [{kind: 'impersonation'}]);

		// A legacy host nobody else claims: its line goes everywhere.
		const seed = {ip: asIp('10.9.9.9'), port: 4000};
		const honest = sim.inject(target, bridge, bridged(seed, 'plain words'));
		sim.run(2000);
		assert.ok(deliveredBy(sim, honest ?? '') >= keys.length - 1);
	});
});
