/**
 * Announcement floods in the simulator: one link may bring only its share
 * of new announcements, and one author only its own share, so a peer that
 * announces a crowd of made-up peers as fast as it can is dropped and
 * counted, while the honest network keeps converging and chatting.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {PeerKey} from '../../source/protocol/flood.js';
import type {Announcement} from '../../source/protocol/gossip-messages.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {keyBytes} from '../../source/protocol/peer-key.js';
import {
	forged,
	genuine,
	type Simulator,
	withSimulator,
	convergedChain,
} from '../helpers/simulator.js';

const {announcementsPerLink, announcementsPerAuthor} = defaultMeshConfig;

/** A made-up key: 32 bytes from `index`. */
function sybilKey(index: number): Uint8Array {
	const key = new Uint8Array(32);
	new DataView(key.buffer).setUint32(0, index + 1);
	key[31] = 0xee;
	return key;
}

function announcement(
	origin: Uint8Array,
	version: number,
	signature = genuine,
): Announcement {
	return {
		origin,
		version,
		nick: 'sybil',
		leaving: false,
		links: [],
		legacy: [],
		signature,
	};
}

function rateLimited(sim: Simulator, key: PeerKey): number {
	return sim.drops(key).filter((reason) => reason.kind === 'rate-limited')
		.length;
}

test('a link flooding announcements gets its share; the rest are dropped and counted, and the network still chats', () => {
	withSimulator(21, {}, (sim) => {
		const keys = convergedChain(sim, 6);
		const target = keys[2]!;
		const [attacker] = sim.nodes.get(target)?.core.links ?? [];
		assert.ok(attacker !== undefined);
		// 2,000 new announcements at one instant, each from another made-up peer.
		const flood = 2000;
		for (let index = 0; index < flood; index++) {
			sim.inject(target, attacker, {
				kind: 'announce',
				announcement: announcement(sybilKey(index), 1),
			});
		}

		// Before the bucket's own traffic at link-up, it held `burst` tokens.
		const dropped = rateLimited(sim, target);
		assert.ok(
			dropped >= flood - announcementsPerLink.burst,
			`${dropped} dropped`,
		);
		assert.ok(dropped < flood, 'the share got through');

		sim.run(3000);
		const id = sim.publish(keys[0]!);
		sim.run(2000);
		assert.equal(sim.deliveries.get(id)?.size, 5, 'every other node got it');
		assert.ok(
			sim
				.live()
				.every((node) =>
					keys.every(
						(key) => key === node.key || node.core.reachable().has(key),
					),
				),
			'the honest nodes still reach each other',
		);
	});
});

test("an author gets its share however many links bring it, and a forgery does not spend an honest author's share", () => {
	withSimulator(22, {}, (sim) => {
		const keys = convergedChain(sim, 4);
		const target = keys[1]!;
		const [from] = sim.nodes.get(target)?.core.links ?? [];
		assert.ok(from !== undefined);
		const noisy = sybilKey(7);
		const base = 1_000_000;
		for (let index = 0; index < 50; index++) {
			sim.inject(target, from, {
				kind: 'announce',
				announcement: announcement(noisy, base + index),
			});
		}

		assert.equal(rateLimited(sim, target), 50 - announcementsPerAuthor.burst);

		// Forged announcements in an honest node's name: refused for their
		// signature, and its own next announcement is still taken.
		const honest = keys[3]!;
		const before = sim.drops(target).length;
		for (let index = 0; index < 20; index++) {
			sim.inject(target, from, {
				kind: 'announce',
				announcement: announcement(keyBytes(honest), 2 ** 40 + index, forged),
			});
		}

		const forgedDrops = sim.drops(target).slice(before);
		assert.equal(forgedDrops.length, 20);
		assert.ok(forgedDrops.every((reason) => reason.kind === 'bad-signature'));
		sim.inject(target, from, {
			kind: 'announce',
			announcement: announcement(keyBytes(honest), 2 ** 41),
		});
		assert.equal(sim.drops(target).length, before + 20, 'taken, not dropped');
	});
});

test('made-up peers no one confirms: one link fills at most its share of the book', () => {
	const config = {
		...defaultMeshConfig,
		maxPeers: 100,
		maxUnconfirmedPerLink: 16,
	};
	withSimulator(23, {config}, (sim) => {
		const keys = convergedChain(sim, 5);
		const target = keys[1]!;
		const [attacker] = sim.nodes.get(target)?.core.links ?? [];
		assert.ok(attacker !== undefined);
		// 300 made-up peers, each claiming a link to the attacker, which never
		// announces them back; slowly enough that the rate limit never bites.
		for (let index = 0; index < 300; index++) {
			sim.inject(target, attacker, {
				kind: 'announce',
				announcement: {
					...announcement(sybilKey(index), 1),
					links: [
						{
							key: keyBytes(attacker),
							ip: sim.nodes.get(attacker)!.address.ip,
							port: 9,
						},
					],
				},
			});
			if (index % 10 === 9) sim.run(200);
		}

		const known = sim.nodes.get(target)?.core.peers().length ?? 0;
		// Half the book for anyone, then 16 more from this link (and the 4 honest peers).
		assert.ok(known <= 50 + 16 + 4, `${known} peers known`);
		assert.ok(
			rateLimited(sim, target) >= 300 - 50 - 16,
			'the rest dropped and counted',
		);
		const id = sim.publish(keys[4]!);
		sim.run(2000);
		assert.equal(
			sim.deliveries.get(id)?.size,
			4,
			'the honest network still chats',
		);
	});
});
