/**
 * An author's share at relays, in the simulator: a burst within the share
 * reaches everyone whole; past it, relays drop (and count) the author's
 * lines instead of passing the flood on, while the author's own neighbours,
 * which it sends to itself, still take every line.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {PeerKey} from '../../source/protocol/flood.js';
import {maxLineBytes} from '../../source/protocol/limits.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {
	convergedChain,
	type Simulator,
	withSimulator,
} from '../helpers/simulator.js';

/** A share of 10,000 bytes, refilled at 1,000 a second. */
const config = {
	...defaultMeshConfig,
	activeLinks: 1,
	maxLinks: 2,
	relayShare: {burst: 10_000, perSecond: 1000},
};

/** `count` lines of 90 bytes from `author` at one instant; their ids. */
function burst(sim: Simulator, author: PeerKey, count: number): string[] {
	return Array.from({length: count}, (_, index) =>
		sim.publish(
			author,
			sim.envelope(author, {text: `${index}`.padEnd(90, '.')}),
		),
	);
}

/** How many of `ids` each node delivered. */
function received(
	sim: Simulator,
	ids: readonly string[],
): Map<PeerKey, number> {
	const counts = new Map<PeerKey, number>();
	for (const id of ids) {
		for (const key of sim.deliveries.get(id)?.keys() ?? []) {
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}

	return counts;
}

test('a burst within the share reaches every node whole; a flood past it stops at the relays', () => {
	withSimulator(31, {config}, (sim) => {
		const keys = convergedChain(sim, 6);
		const author = keys[0]!;
		const direct = new Set(sim.nodes.get(author)?.core.links);
		const far = keys.filter((key) => key !== author && !direct.has(key));
		assert.ok(far.length > 0, 'some nodes are reached only through relays');

		const first = burst(sim, author, 100);
		sim.run(5000);
		for (const key of keys.slice(1)) {
			assert.equal(received(sim, first).get(key), 100, `${key} got all 100`);
		}

		sim.run(20_000);
		const flood = burst(sim, author, 300);
		sim.run(5000);
		const counts = received(sim, flood);
		for (const key of direct) {
			assert.equal(counts.get(key), 300, 'a neighbour of the author takes all');
		}

		for (const key of far) {
			const got = counts.get(key) ?? 0;
			assert.ok(got > 0 && got < 300, `${got} of 300 past the relays`);
		}

		const dropped = keys.flatMap((key) =>
			sim.drops(key).filter((reason) => reason.kind === 'rate-limited'),
		);
		assert.ok(dropped.length > 0, 'the relays counted what they dropped');
	});
});

test('the default share passes a burst of 1,000 of the largest lines, and over 7,000 lines of 1 KiB a second', () => {
	const {relayShare} = defaultMeshConfig;
	assert.ok(relayShare.burst >= 1000 * maxLineBytes);
	assert.ok(relayShare.perSecond >= 7000 * 1024);
});

test('an author writing beyond its share is paced by its neighbours, which still take every line', () => {
	withSimulator(32, {config}, (sim) => {
		const keys = convergedChain(sim, 4);
		const author = keys[0]!;
		const direct = [...(sim.nodes.get(author)?.core.links ?? [])];
		// 30 lines of 90 bytes every 100 ms for 3 s: 27 KB/s against a share of 1 KB/s.
		const ids: string[] = [];
		for (let round = 0; round < 30; round++) {
			ids.push(...burst(sim, author, 30));
			sim.run(100);
		}

		assert.ok(sim.traffic.paced > 0, 'the neighbours paced the author');
		sim.run(120_000);
		const counts = received(sim, ids);
		for (const key of direct) {
			assert.equal(counts.get(key), ids.length, 'a neighbour loses nothing');
		}
	});
});
