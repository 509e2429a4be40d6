/**
 * Announcement digests: a refresh that repeats what a node said travels as
 * a digest to peers that read them (and keeps it online and heard of), as
 * the whole announcement to a peer that predates them, and a receiver that
 * lacks what a digest repeats asks its link for the whole (WANT). Times are
 * simulated.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {CoreEffect, MeshFrame} from '../../source/protocol/core-types.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {NodeCore} from '../../source/protocol/node-core.js';
import type {Announcement} from '../../source/protocol/gossip-messages.js';
import {keyBytes, type PeerKey} from '../../source/protocol/peer-key.js';
import {
	genuine,
	simVerifier,
	withSimulator,
	type Simulator,
} from '../helpers/simulator.js';
import {asIp} from '../helpers/ip.js';
import {asKey} from '../helpers/key.js';

function grow(sim: Simulator, count: number, old?: number): PeerKey[] {
	const keys: PeerKey[] = [sim.addNode()];
	for (let index = 1; index < count; index++) {
		sim.run(20);
		const bootstrap = keys[Math.floor(sim.random() * keys.length)];
		keys.push(sim.addNode(bootstrap, 'yes', index !== old));
	}

	return keys;
}

function everyoneReachesEveryone(sim: Simulator): boolean {
	const live = sim.live();
	return live.every((node) => node.core.reachable().size === live.length - 1);
}

test('refreshes that change nothing travel as digests, and keep every peer online and heard of', () => {
	withSimulator(41, {}, (sim) => {
		grow(sim, 12);
		sim.runUntil(() => everyoneReachesEveryone(sim), 20_000);
		sim.run(5000);
		const quiet = sim.now;
		const before = {...sim.traffic};
		// Three refresh periods with nothing changing.
		sim.run(3 * defaultMeshConfig.refreshMs + 1000);
		assert.ok(everyoneReachesEveryone(sim), 'everyone still reaches everyone');
		assert.ok(sim.traffic.digests - before.digests > 0, 'digests were sent');
		assert.equal(
			sim.traffic.announcements - before.announcements,
			0,
			'no whole announcement was sent: nothing changed',
		);
		assert.equal(sim.traffic.wants, before.wants, 'nobody lacked a base');
		const lastRefresh = sim.now - defaultMeshConfig.refreshMs - 1000;
		for (const node of sim.live()) {
			for (const peer of node.core.peers()) {
				assert.ok(peer.hops !== undefined, 'online');
				assert.ok(
					peer.heardAt > Math.max(quiet, lastRefresh),
					`${node.name} heard of ${peer.nick} lately`,
				);
			}
		}
	});
});

test('a node that predates digests gets whole announcements, and its peers stay online for it', () => {
	withSimulator(42, {}, (sim) => {
		const keys = grow(sim, 10, 5);
		const old = sim.nodes.get(keys[5]!)!;
		assert.equal(old.digests, false);
		sim.runUntil(() => everyoneReachesEveryone(sim), 20_000);
		sim.run(5000);
		const quiet = sim.now;
		const before = {...sim.traffic};
		sim.run(2 * defaultMeshConfig.refreshMs + 1000);
		assert.ok(everyoneReachesEveryone(sim));
		assert.ok(sim.traffic.digests - before.digests > 0, 'the rest use digests');
		assert.ok(
			sim.traffic.announcements - before.announcements > 0,
			'the old node is sent whole ones',
		);
		for (const peer of old.core.peers()) {
			assert.ok(peer.hops !== undefined);
			assert.ok(
				peer.heardAt > quiet + defaultMeshConfig.refreshMs / 2,
				`the old node heard ${peer.nick}'s refresh`,
			);
		}
	});
});

test('a killed node still goes offline everywhere, and a frozen one within 10 s, with digests on', () => {
	withSimulator(43, {}, (sim) => {
		const keys = grow(sim, 15);
		sim.runUntil(() => everyoneReachesEveryone(sim), 20_000);
		// Past a refresh, so the digests are flowing.
		sim.run(defaultMeshConfig.refreshMs + 2000);
		const [killed, frozen] = [keys[3]!, keys[9]!];
		sim.kill(killed);
		const gone = (key: PeerKey) =>
			sim
				.live()
				.every((node) => node.key === key || !node.core.reachable().has(key));
		assert.ok(sim.runUntil(() => gone(killed), 2000, 50) <= 1500);
		sim.freeze(frozen);
		assert.ok(sim.runUntil(() => gone(frozen), 10_000, 100) < 10_000);
		sim.thaw(frozen);
		assert.ok(
			sim.runUntil(() => everyoneReachesEveryone(sim), 20_000) < 20_000,
			'the thawed node rejoins',
		);
	});
});

const origin = asKey('0a'.repeat(32));
const self = asKey('0b'.repeat(32));
const relay = asKey('0c'.repeat(32));

function core(key: PeerKey): NodeCore {
	return new NodeCore({
		self: key,
		nick: 'me',
		config: defaultMeshConfig,
		signer: {
			announce: (unsigned) => ({...unsigned, signature: genuine}),
			bridge() {
				throw new Error('no bridging here');
			},
		},
		verifier: simVerifier,
		random: () => 0.5,
		secret: false,
		isOwnAddress: () => false,
	});
}

function announcement(version: number, signature: Uint8Array): Announcement {
	return {
		origin: keyBytes(origin),
		version,
		nick: 'far',
		leaving: false,
		links: [{key: keyBytes(relay), ip: asIp('10.0.0.3'), port: 7003}],
		legacy: [],
		signature,
	};
}

/** A genuine hand-made simulated signature, told apart by `mark` (past the tag). */
function signed(mark: number): Uint8Array {
	const signature = new Uint8Array(genuine);
	signature[20] = mark;
	return signature;
}

function linkedCore(): NodeCore {
	const node = core(self);
	const up = node.handle(
		{
			type: 'link-up',
			key: relay,
			address: {ip: asIp('10.0.0.3'), port: 7003},
			nick: 'relay',
			acks: true,
			sync: true,
			extensions: true,
		},
		1000,
	);
	assert.ok(
		up.some((effect) => effect.type === 'send-features' && effect.to === relay),
		'a peer that skips extensions is told we read digests',
	);
	node.handle(
		{type: 'frame', from: relay, frame: {kind: 'features', digests: true}},
		1000,
	);
	return node;
}

const frame = (kind: MeshFrame) =>
	({type: 'frame', from: relay, frame: kind}) as const;

test('a digest of an announcement not held is answered with WANT, and the whole one is then taken', () => {
	const node = linkedCore();
	const wanted = node.handle(
		frame({
			kind: 'digest',
			digest: {
				origin: keyBytes(origin),
				version: 3,
				of: signed(2).subarray(0, 8),
				signature: signed(3),
			},
		}),
		2000,
	);
	assert.deepEqual(
		wanted.map((effect: CoreEffect) => effect.type),
		['send-want'],
	);
	assert.ok(node.peers().every((peer) => peer.key !== origin));
	// The link answers with the whole announcement: taken as any other.
	node.handle(
		frame({kind: 'announce', announcement: announcement(3, signed(3))}),
		2100,
	);
	assert.equal(node.peers().find((peer) => peer.key === origin)?.nick, 'far');
	// The next digest repeats it: a refresh, no WANT.
	const refreshed = node.handle(
		frame({
			kind: 'digest',
			digest: {
				origin: keyBytes(origin),
				version: 4,
				of: signed(3).subarray(0, 8),
				signature: signed(4),
			},
		}),
		3000,
	);
	assert.ok(refreshed.every((effect) => effect.type !== 'send-want'));
	assert.equal(node.peers().find((peer) => peer.key === origin)?.heardAt, 3000);
	// A copy of it is no news.
	assert.deepEqual(
		node.handle(
			frame({
				kind: 'digest',
				digest: {
					origin: keyBytes(origin),
					version: 4,
					of: signed(3).subarray(0, 8),
					signature: signed(4),
				},
			}),
			3100,
		),
		[],
	);
});

test('a WANT is answered with the whole announcement held, and a digest with a bad signature is dropped', () => {
	const node = linkedCore();
	node.handle(
		frame({kind: 'announce', announcement: announcement(5, signed(5))}),
		2000,
	);
	const answer = node.handle(
		frame({kind: 'want', origin: keyBytes(origin)}),
		2100,
	);
	assert.equal(answer.length, 1);
	const [sent] = answer;
	assert.ok(sent?.type === 'send-announcement' && sent.to === relay);
	assert.equal(sent.announcement.version, 5);
	const forged = new Uint8Array(64);
	const dropped = node.handle(
		frame({
			kind: 'digest',
			digest: {
				origin: keyBytes(origin),
				version: 6,
				of: signed(5).subarray(0, 8),
				signature: forged,
			},
		}),
		2200,
	);
	assert.deepEqual(
		dropped.map((effect) => effect.type),
		['dropped'],
	);
});
