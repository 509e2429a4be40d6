/**
 * The mesh protocol in the deterministic simulator: convergence, exactly-once
 * delivery, failure detection and healing, on up to 100 nodes. Times below
 * are simulated, not wall-clock; seeds are printed on failure.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import type {PeerKey} from '../../source/protocol/flood.js';
import {type Simulator, withSimulator} from '../helpers/simulator.js';

/** Every live node knows and reaches every other live node. */
function converged(sim: Simulator): boolean {
	const live = sim.live();
	return live.every((node) => {
		const reach = node.core.reachable();
		return live.every((other) => other === node || reach.has(other.key));
	});
}

/** No node of `group` reaches `key`. */
function cutOff(
	sim: Simulator,
	group: readonly PeerKey[],
	key: PeerKey,
): boolean {
	return group.every(
		(member) => !sim.nodes.get(member)!.core.reachable().has(key),
	);
}

/** Every live node knows that `key` said goodbye. */
function allSeeLeft(sim: Simulator, key: PeerKey): boolean {
	return sim
		.live()
		.every((node) =>
			node.core.peers().some((peer) => peer.key === key && peer.left),
		);
}

/** Within each group, every live node reaches every other live node. */
function convergedWithin(
	sim: Simulator,
	groups: ReadonlyArray<readonly PeerKey[]>,
): boolean {
	return groups.every((group) =>
		group.every((key) => {
			const reach = sim.nodes.get(key)!.core.reachable();
			return group.every((other) => other === key || reach.has(other));
		}),
	);
}

/** Start `count` nodes, each bootstrapped from a random earlier one, 20 ms apart. */
function grow(sim: Simulator, count: number): PeerKey[] {
	const keys: PeerKey[] = [sim.addNode()];
	for (let index = 1; index < count; index++) {
		sim.run(20);
		keys.push(sim.addNode(keys[Math.floor(sim.random() * keys.length)]));
	}

	return keys;
}

/** Start a chain: each node bootstrapped from the one before. */
function chain(sim: Simulator, count: number): PeerKey[] {
	const keys: PeerKey[] = [sim.addNode()];
	for (let index = 1; index < count; index++) {
		sim.run(20);
		keys.push(sim.addNode(keys[index - 1]));
	}

	return keys;
}

/** Each message delivered exactly once by every live node but its author. */
function assertExactlyOnce(sim: Simulator, ids: readonly string[]): void {
	for (const id of ids) {
		const counts = sim.deliveries.get(id)!;
		const author = sim.authors.get(id);
		for (const node of sim.live()) {
			const times = counts.get(node.key) ?? 0;
			const expected = node.key === author ? 0 : 1;
			assert.equal(
				times,
				expected,
				`${id} delivered ${times} times at ${node.name}`,
			);
		}
	}
}

test('100 nodes joining through random bootstraps converge, with bounded links', () => {
	withSimulator(1, {}, (sim) => {
		const keys = grow(sim, 100);
		const took = sim.runUntil(() => converged(sim), 60_000);
		for (const key of keys) {
			const links = sim.linkCount(key);
			assert.ok(
				links >= 1 && links <= defaultMeshConfig.maxLinks,
				`${links} links`,
			);
			assert.equal(sim.nodes.get(key)!.core.peers().length, 99);
		}

		assert.ok(took < 60_000);
	});
});

test('every message reaches every node exactly once, from any author', () => {
	withSimulator(2, {}, (sim) => {
		grow(sim, 100);
		sim.runUntil(() => converged(sim), 60_000);
		const ids = [...sim.nodes.keys()]
			.filter((_, index) => index % 7 === 0)
			.map((key) => sim.publish(key));
		sim.run(5000);
		assertExactlyOnce(sim, ids);
		// Flooding costs one copy per link per message, and no more.
		const links = sim
			.live()
			.reduce((sum, node) => sum + sim.linkCount(node.key), 0);
		assert.ok(sim.traffic.messages <= ids.length * links);
	});
});

test('a partition heals: both halves keep chatting, then the whole network does', () => {
	withSimulator(3, {}, (sim) => {
		const keys = grow(sim, 100);
		sim.runUntil(() => converged(sim), 60_000);
		const halves = [keys.slice(0, 50), keys.slice(50)];
		sim.partition(halves);
		// The halves notice (idle timeout) and each becomes whole on its own.
		sim.runUntil(() => cutOff(sim, halves[0]!, halves[1]![0]!), 30_000);
		sim.runUntil(() => convergedWithin(sim, halves), 30_000);
		const during = [sim.publish(halves[0]![3]!), sim.publish(halves[1]![3]!)];
		sim.run(5000);
		for (const [index, id] of during.entries()) {
			const counts = sim.deliveries.get(id)!;
			assert.equal(
				counts.size,
				49,
				`message from half ${index} reached ${counts.size}`,
			);
			assert.ok(
				[...counts.keys()].every((key) => halves[index]!.includes(key)),
			);
		}

		sim.heal();
		const took = sim.runUntil(() => converged(sim), 120_000);
		const after = keys
			.slice(0, 100)
			.filter((_, index) => index % 10 === 0)
			.map((key) => sim.publish(key));
		sim.run(5000);
		assertExactlyOnce(sim, after);
		assert.ok(took <= 120_000);
	});
});

test('a chain of 10 converges; a killed, a frozen and a departed node are noticed', () => {
	withSimulator(4, {}, (sim) => {
		const keys = chain(sim, 10);
		const joined = sim.runUntil(() => converged(sim), 30_000);
		assert.ok(joined < 10_000, `chain converged after ${joined} ms`);
		const offlineEverywhere = (key: PeerKey) => () =>
			cutOff(
				sim,
				[...sim.live()].map((node) => node.key),
				key,
			);

		sim.kill(keys[5]!);
		const killed = sim.runUntil(offlineEverywhere(keys[5]!), 10_000, 10);
		assert.ok(killed <= 1000, `killed node offline after ${killed} ms`);

		sim.freeze(keys[2]!);
		const frozen = sim.runUntil(offlineEverywhere(keys[2]!), 20_000, 10);
		assert.ok(frozen <= 9000, `frozen node offline after ${frozen} ms`);

		sim.leave(keys[8]!);
		const left = sim.runUntil(() => allSeeLeft(sim, keys[8]!), 5000, 10);
		assert.ok(left <= 500, `departed node marked gone after ${left} ms`);

		// The survivors are still one network, and every line reaches them all once.
		sim.runUntil(() => converged(sim), 30_000);
		const ids = sim.live().map((node) => sim.publish(node.key));
		sim.run(3000);
		assertExactlyOnce(sim, ids);
	});
});
