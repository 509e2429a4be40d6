/**
 * Reachability kept change by change: the same answer as a breadth-first
 * search of the whole graph after every change, and a cost that follows
 * what changed (a refresh that changes nothing walks nothing and redraws
 * nothing).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {Announcement} from '../../source/protocol/gossip-messages.js';
import {keyBytes, type PeerKey} from '../../source/protocol/peer-key.js';
import {Membership} from '../../source/protocol/membership.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {
	reachablePeers,
	type AnnouncedState,
} from '../../source/protocol/peer-graph.js';
import {Reachability} from '../../source/protocol/reachability.js';
import {asIp} from '../helpers/ip.js';
import {asKey} from '../helpers/key.js';
import {seededRandom} from '../helpers/event-queue.js';

const keyOf = (index: number) =>
	asKey((index + 1).toString(16).padStart(64, '0'));

function sorted(map: ReadonlyMap<PeerKey, number>): Array<[PeerKey, number]> {
	return [...map].toSorted(([a], [b]) => (a < b ? -1 : 1));
}

for (const seed of [1, 2, 3, 4, 5, 6]) {
	test(`kept change by change, reachability matches a full search after every change (seed ${seed})`, () => {
		const random = seededRandom(seed);
		const pick = (count: number) => Math.floor(random() * count);
		const size = 24;
		const self = keyOf(0);
		const keys = Array.from({length: size}, (_, index) => keyOf(index + 1));
		const graph = new Reachability(self);
		const direct = new Set<PeerKey>();
		const announced = new Map<PeerKey, AnnouncedState>();
		for (let step = 0; step < 400; step++) {
			const key = keys[pick(size)]!;
			const roll = random();
			if (roll < 0.15) {
				direct.add(key);
				graph.linkUp(key);
			} else if (roll < 0.3) {
				direct.delete(key);
				graph.linkDown(key);
			} else if (roll < 0.37) {
				// Leaving, or forgotten.
				if (random() < 0.5) announced.set(key, {links: [], leaving: true});
				else announced.delete(key);
				graph.announce(key, undefined);
			} else {
				// Mostly small edits of what it said, sometimes naming us.
				const before = announced.get(key)?.links ?? [];
				const links = new Set(before.filter(() => random() > 0.25));
				const added = pick(4);
				for (let index = 0; index < added; index++) {
					links.add(random() < 0.1 ? self : keys[pick(size)]!);
				}

				const list = [...links];
				announced.set(key, {links: list, leaving: false});
				graph.announce(key, list);
			}

			assert.deepEqual(
				sorted(graph.hops),
				sorted(reachablePeers(self, direct, announced)),
				`step ${step}`,
			);
		}
	});
}

/** A tree of `count` peers under our one link `a`: each lists its parent and children. */
function tree(count: number): Array<{key: PeerKey; links: PeerKey[]}> {
	const fanout = 20;
	const nodes = Array.from({length: count}, (_, index) => ({
		key: keyOf(index + 1),
		links: [] as PeerKey[],
	}));
	for (let index = 1; index < count; index++) {
		const parent = nodes[Math.floor((index - 1) / fanout)]!;
		parent.links.push(nodes[index]!.key);
		nodes[index]!.links.push(parent.key);
	}

	return nodes;
}

function announcement(
	origin: PeerKey,
	version: number,
	links: readonly PeerKey[],
): Announcement {
	return {
		origin: keyBytes(origin),
		version,
		nick: 'n',
		leaving: false,
		links: links.map((link, index) => ({
			key: keyBytes(link),
			ip: asIp('127.0.0.1'),
			port: 7000 + index,
		})),
		legacy: [],
		signature: new Uint8Array(64),
	};
}

function memberWithTree(count: number) {
	const self = keyOf(100_000);
	const member = new Membership({
		self,
		nick: 'me',
		config: {...defaultMeshConfig, maxPeers: 2 * count},
		random: () => 0,
		sign: (unsigned) => ({...unsigned, signature: new Uint8Array(64)}),
	});
	const nodes = tree(count);
	const root = nodes[0]!;
	root.links.push(self);
	member.linkUp(root.key, {ip: asIp('127.0.0.1'), port: 7000}, 'root', 0);
	for (const node of nodes) {
		member.receive(root.key, announcement(node.key, 1, node.links), 1);
	}

	return {member, nodes, root};
}

test('with 1,000 peers, 1,000 refreshes that change nothing walk no graph and redraw nothing', () => {
	const {member, nodes, root} = memberWithTree(1000);
	assert.equal(member.reachable().size, 1000);
	const visits = member.reachabilityVisits;
	for (let version = 2; version < 1002; version++) {
		const node = nodes[version % nodes.length]!;
		const effects = member.receive(
			root.key,
			announcement(node.key, version, node.links),
			version,
		);
		assert.ok(
			effects.every((effect) => effect.type !== 'peers-changed'),
			'a refresh that says the same redraws nothing',
		);
	}

	assert.equal(member.reachabilityVisits, visits);
	assert.equal(member.reachable().size, 1000);
});

test('with 1,000 peers, a changed link costs what it changes, not the whole graph', () => {
	const {member, nodes, root} = memberWithTree(1000);
	// A leaf drops its only link: it alone goes offline.
	const leaf = nodes.at(-1)!;
	const before = member.reachabilityVisits;
	const effects = member.receive(root.key, announcement(leaf.key, 2, []), 2);
	assert.ok(effects.some((effect) => effect.type === 'peers-changed'));
	assert.equal(member.reachable().has(leaf.key), false);
	assert.equal(member.reachable().size, 999);
	assert.ok(
		member.reachabilityVisits - before < 10,
		`${member.reachabilityVisits - before} visits`,
	);
	// It links again: back at its old distance, for a handful of visits more.
	const again = member.reachabilityVisits;
	member.receive(root.key, announcement(leaf.key, 3, leaf.links), 3);
	assert.equal(member.reachable().get(leaf.key), 4);
	assert.ok(member.reachabilityVisits - again < 10);
});

test('the journal of changed peers names what changed, and nothing for refreshes', () => {
	const {member, nodes, root} = memberWithTree(1000);
	const {cursor} = member.peerChangesSince(undefined);
	for (let version = 2; version < 202; version++) {
		const node = nodes[version]!;
		member.receive(
			root.key,
			announcement(node.key, version, node.links),
			version,
		);
	}

	assert.deepEqual(member.peerChangesSince(cursor).keys, []);
	const leaf = nodes.at(-1)!;
	member.receive(root.key, announcement(leaf.key, 300, []), 300);
	const {keys} = member.peerChangesSince(cursor);
	assert.ok(keys !== 'all');
	assert.deepEqual([...new Set(keys)], [leaf.key]);
	assert.equal(member.peer(leaf.key)?.hops, undefined);
	assert.equal(member.peerChangesSince(undefined).keys, 'all');
});
