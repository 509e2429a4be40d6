/**
 * The pieces of the mesh one by one: the seen cache, the reachability
 * search, the legacy echo filter, and membership's rules for full nodes,
 * goodbyes, backoff and who bridges for a legacy host.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {Flood} from '../../source/protocol/flood.js';
import type {Announcement} from '../../source/protocol/gossip-messages.js';
import {LegacyEchoes} from '../../source/protocol/legacy-echoes.js';
import {
	keyBytes,
	peerKeyOf,
	type PeerKey,
} from '../../source/protocol/peer-key.js';
import {
	Membership,
	type MembershipEffect,
} from '../../source/protocol/membership.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {reachablePeers} from '../../source/protocol/peer-graph.js';
import {SeenCache} from '../../source/protocol/seen-cache.js';
import {asIp} from '../helpers/ip.js';
import {asKey} from '../helpers/key.js';

const key = (digit: string) => asKey(digit.repeat(64));

function member(self: PeerKey, config = {}): Membership {
	return new Membership({
		self,
		nick: `n${self[0]}`,
		config: {...defaultMeshConfig, ...config},
		random: () => 0,
		sign: (unsigned) => ({...unsigned, signature: new Uint8Array(64)}),
	});
}

function announcement(
	origin: string,
	version: number,
	links: string[],
	extra: Partial<Announcement> = {},
): Announcement {
	return {
		origin: keyBytes(origin),
		version,
		nick: `n${origin[0]}`,
		leaving: false,
		links: links.map((link, index) => ({
			key: keyBytes(link),
			ip: asIp('127.0.0.1'),
			port: 7000 + index,
		})),
		legacy: [],
		signature: new Uint8Array(64),
		...extra,
	};
}

function ofType<T extends MembershipEffect['type']>(
	effects: MembershipEffect[],
	type: T,
): Array<Extract<MembershipEffect, {type: T}>> {
	return effects.filter(
		(effect): effect is Extract<MembershipEffect, {type: T}> =>
			effect.type === type,
	);
}

test('the seen cache forgets ids after their time, and holds at most its limit', () => {
	const seen = new SeenCache({ttlMs: 1000, maxEntries: 2});
	assert.equal(seen.add('a', 0), true);
	assert.equal(seen.add('a', 500), false);
	assert.equal(seen.has('a', 999), true);
	assert.equal(seen.has('a', 1000), false);
	seen.add('b', 1000);
	seen.add('c', 1000);
	seen.add('d', 1000);
	assert.equal(seen.size, 2);
	assert.equal(seen.has('b', 1000), false);
});

test('flooding sends a new message to every link but its sender, and drops copies', () => {
	const flood = new Flood<string>();
	const [a, b, c] = [key('a'), key('b'), key('c')];
	for (const peer of [a, b, c]) flood.neighborUp(peer);
	const first = flood.receive(a, 'm1', 'hello', undefined, 0);
	assert.deepEqual(
		first.map((effect) =>
			effect.type === 'send-message' ? effect.to : effect.type,
		),
		['deliver', b, c],
	);
	assert.deepEqual(flood.receive(b, 'm1', 'hello', undefined, 1), []);
	assert.equal(flood.stats.duplicates, 1);
	// Our own message is never delivered back to us.
	flood.publish('m2', 'mine', 2);
	assert.deepEqual(flood.receive(c, 'm2', 'mine', undefined, 3), []);
});

test('a link counts only when both ends announce it; a leaving node is unreachable', () => {
	const [self, a, b, c] = ['0', '1', '2', '3'].map((digit) => key(digit));
	const announced = new Map([
		[a!, {links: [self!, b!], leaving: false}],
		[b!, {links: [a!, c!], leaving: false}],
		// C does not announce B back: the B-C link is not proven.
		[c!, {links: [], leaving: false}],
	]);
	assert.deepEqual(
		[...reachablePeers(self!, [a!], announced)],
		[
			[a, 1],
			[b, 2],
		],
	);
	announced.set(c!, {links: [b!], leaving: false});
	assert.equal(reachablePeers(self!, [a!], announced).get(c!), 3);
	announced.set(b!, {links: [], leaving: true});
	assert.deepEqual([...reachablePeers(self!, [a!], announced).keys()], [a]);
});

test('one legacy line reaching a node several ways shows once; two typed lines show twice', () => {
	const echoes = new LegacyEchoes({windowMs: 1000, maxLines: 10, maxWays: 4});
	assert.equal(echoes.admit('L', 'ok', 'direct', 0), true);
	assert.equal(echoes.admit('L', 'ok', 'bridge-b', 10), false);
	assert.equal(echoes.admit('L', 'ok', 'direct', 20), true);
	assert.equal(echoes.admit('L', 'ok', 'bridge-b', 30), false);
	assert.equal(echoes.admit('L', 'ok', 'bridge-b', 40), true);
	// After the window the count starts over.
	assert.equal(echoes.admit('L', 'ok', 'bridge-c', 5000), true);
	// Ways past the cap (fresh keys, each a 'bridge') are echoes, and not kept.
	for (const way of ['d', 'e', 'f', 'g', 'h']) {
		echoes.admit('L', 'ok', way, 5001);
	}

	assert.equal(echoes.admit('L', 'ok', 'i', 5002), false);
	assert.equal(echoes.admit('L', 'ok', 'i', 5003), false);
	assert.equal(echoes.admit('L', 'ok', 'bridge-c', 5004), true);
	// Refused ways keep nothing alive: after the window the line starts over,
	// and the host's own copy is never muted by bridges.
	for (const way of ['j', 'k', 'l', 'm', 'n']) {
		echoes.admit('M', 'hi', way, 6000);
	}

	assert.equal(echoes.admit('M', 'hi', 'x', 6900), false);
	assert.equal(echoes.admit('M', 'hi', 'direct', 6950), false);
	assert.equal(echoes.admit('M', 'hi', 'direct', 6960), true);
	assert.equal(echoes.admit('M', 'hi', 'y', 8000), true);
});

test('a full node gives a new link its peers, then closes it', () => {
	const node = member(key('0'), {maxLinks: 1});
	node.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', 0);
	node.receive(key('1'), announcement(key('5'), 1, [key('1')]), 1);
	const effects = node.linkUp(
		key('2'),
		{ip: asIp('127.0.0.1'), port: 7002},
		'n',
		2,
	);
	const sent = ofType(effects, 'send-announcement').map((effect) =>
		peerKeyOf(effect.announcement.origin),
	);
	assert.ok(sent.includes(key('5')), 'the newcomer learns the peers we know');
	assert.deepEqual(ofType(effects, 'disconnect'), [
		{
			type: 'disconnect',
			key: key('2'),
			reason: 'the peer has no free link slots',
		},
	]);
	assert.deepEqual(node.links, [key('1')]);
});

test('a new link is handed its own announcement too (a restarted peer learns the version to beat)', () => {
	const node = member(key('0'));
	node.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', 0);
	node.receive(key('1'), announcement(key('2'), 40, [key('1')]), 1);
	const effects = node.linkUp(
		key('2'),
		{ip: asIp('127.0.0.1'), port: 7002},
		'n',
		2,
	);
	const versions = ofType(effects, 'send-announcement')
		.filter((effect) => peerKeyOf(effect.announcement.origin) === key('2'))
		.map((effect) => effect.announcement.version);
	assert.deepEqual(versions, [40]);
	// On its side, an old announcement of its own makes it announce past it.
	const restarted = member(key('2'));
	restarted.linkUp(key('0'), {ip: asIp('127.0.0.1'), port: 7000}, 'n', 0);
	restarted.receive(key('0'), announcement(key('2'), 9e12, [key('1')]), 5);
	const own = ofType(restarted.tick(10), 'send-announcement')[0];
	assert.ok((own?.announcement.version ?? 0) > 9e12);
});

test('a link change is announced 50 ms later, without the dialing of a full tick', () => {
	const node = member(key('0'), {activeLinks: 3, announceBurst: 1});
	// Alone, with nobody to dial or sweep, a node asks for no tick (it sleeps).
	assert.deepEqual(ofType(node.tick(0), 'timer'), []);
	node.receive(key('1'), announcement(key('2'), 1, [key('1')]), 5);
	node.receive(key('1'), announcement(key('1'), 1, [key('2')]), 5);
	const up = node.linkUp(
		key('1'),
		{ip: asIp('127.0.0.1'), port: 7001},
		'n',
		10,
	);
	assert.deepEqual(ofType(up, 'timer'), [{type: 'timer', at: 60}]);
	// A second change before then asks for nothing more.
	node.linkUp(key('3'), {ip: asIp('127.0.0.1'), port: 7003}, 'n', 20);
	const early = node.tick(60);
	const own = ofType(early, 'send-announcement');
	assert.equal(own.length, 2);
	assert.equal(own[0]!.announcement.links.length, 2);
	assert.deepEqual(ofType(early, 'dial'), []);
	// The regular tick keeps its time, and dials then.
	assert.deepEqual(ofType(early, 'timer'), [{type: 'timer', at: 500}]);
	// With the burst spent (1 here), churn at 100 waits for the regular tick.
	assert.deepEqual(ofType(node.linkDown(key('3'), 100), 'timer'), []);
	assert.equal(ofType(node.tick(500), 'dial').length, 1);
	// A clock that went back an hour still gets regular ticks (and dials).
	const back = node.tick(500 - 3_600_000);
	assert.deepEqual(ofType(back, 'timer'), [
		{type: 'timer', at: 500 - 3_600_000 + 500},
	]);
});

test('a node alone sleeps; peers to rejoin, a link or a failed dial wake it', () => {
	const address = {ip: asIp('127.0.0.1'), port: 7001};
	const alone = member(key('0'));
	assert.deepEqual(ofType(alone.tick(0), 'timer'), []);
	const rejoining = alone.rejoin(
		[{key: key('1'), address, heardAt: 0, nick: undefined}],
		1000,
	);
	assert.deepEqual(ofType(rejoining, 'timer'), [{type: 'timer', at: 1050}]);
	// Ticks go on while there is someone to dial.
	assert.equal(ofType(alone.tick(1050), 'timer').length, 1);

	const linked = member(key('0'));
	linked.tick(0);
	const up = linked.linkUp(key('1'), address, 'n', 2000);
	assert.equal(ofType(up, 'timer').length, 1);

	const dialed = member(key('0'));
	dialed.tick(0);
	const failed = dialed.dialFailed(key('2'), 3000);
	assert.deepEqual(ofType(failed, 'timer'), [{type: 'timer', at: 3050}]);
	// Nothing to do after all (the key was never in the book): asleep again.
	assert.deepEqual(ofType(dialed.tick(3050), 'timer'), []);
});

test('the peers remembered carry their nicks; a restored nick is told only while its peer is unheard, and never lists it', () => {
	const address = {ip: asIp('127.0.0.1'), port: 7001};
	const before = member(key('0'));
	before.linkUp(key('1'), address, 'bob', 0);
	assert.deepEqual(
		before.remembered().map((peer) => peer.nick),
		['bob'],
		'the HELLO nick, before any announcement',
	);

	const after = member(key('0'));
	after.rejoin([{key: key('1'), address, heardAt: 0, nick: 'bob'}], 1000);
	assert.deepEqual(
		after.rejoining().map((peer) => peer.nick),
		['bob'],
	);
	assert.deepEqual(after.peers(), [], 'no peer is listed by a stored nick');
	after.linkUp(key('1'), address, 'robert', 2000);
	assert.deepEqual(after.rejoining(), []);
	assert.deepEqual(
		after.peers().map((peer) => peer.nick),
		['robert'],
		'what it says now',
	);
});

test('a failed dial backs off; the next tick dials someone else', () => {
	const node = member(key('0'), {activeLinks: 2});
	node.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', 0);
	node.receive(
		key('1'),
		announcement(key('1'), 1, [key('0'), key('2'), key('3')]),
		0,
	);
	node.receive(key('1'), announcement(key('2'), 1, [key('1')]), 0);
	node.receive(key('1'), announcement(key('3'), 1, [key('1')]), 0);
	const first = ofType(node.tick(100), 'dial');
	assert.equal(first.length, 1);
	node.dialFailed(first[0]!.key, 200);
	const second = ofType(node.tick(650), 'dial');
	assert.equal(second.length, 1);
	assert.notEqual(second[0]!.key, first[0]!.key);
});

test('a goodbye is flooded, and the peer is shown gone', () => {
	const node = member(key('0'));
	node.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', 0);
	node.linkUp(key('2'), {ip: asIp('127.0.0.1'), port: 7002}, 'n', 0);
	node.receive(key('1'), announcement(key('1'), 1, [key('0')]), 0);
	node.receive(key('2'), announcement(key('3'), 1, [key('2')]), 0);
	node.receive(key('2'), announcement(key('2'), 1, [key('0'), key('3')]), 0);
	assert.equal(node.reachable().get(key('3')), 2);
	const bye = announcement(key('3'), 2, [], {leaving: true});
	const effects = node.receive(key('2'), bye, 10);
	assert.deepEqual(
		ofType(effects, 'send-announcement').map((effect) => effect.to),
		[key('1')],
	);
	const peer = node.peers().find((item) => item.key === key('3'));
	assert.equal(peer?.left, true);
	assert.equal(peer?.hops, undefined);
	// An older copy arriving late changes nothing.
	assert.deepEqual(
		node.receive(key('1'), announcement(key('3'), 1, [key('2')]), 11),
		[],
	);
});

test('of the nodes that know a legacy host, the one with the smallest key serves it', () => {
	const legacy = {ip: asIp('127.0.0.1'), port: 9000};
	const low = member(key('1'));
	const high = member(key('2'));
	low.linkUp(key('2'), {ip: asIp('127.0.0.1'), port: 7002}, 'n', 0);
	high.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', 0);
	low.setLegacy([legacy]);
	high.setLegacy([legacy]);
	low.receive(
		key('2'),
		announcement(key('2'), 1, [key('1')], {legacy: [legacy]}),
		0,
	);
	high.receive(
		key('1'),
		announcement(key('1'), 1, [key('2')], {legacy: [legacy]}),
		0,
	);
	assert.equal(low.bridges(legacy), true);
	assert.equal(high.bridges(legacy), false);
	// When the other one is gone, the remaining node serves it.
	low.linkDown(key('2'), 1);
	assert.equal(low.bridges(legacy), true);
	high.linkDown(key('1'), 1);
	assert.equal(high.bridges(legacy), true);
});

test('a loopback legacy host announced by a node on another machine is another host', () => {
	const seed = {ip: asIp('127.0.0.1'), port: 1248};
	const high = member(key('2'));
	// The node with the smaller key is seen at a LAN address: its own seed.
	high.linkUp(key('1'), {ip: asIp('192.168.1.20'), port: 1248}, 'n', 0);
	high.setLegacy([seed]);
	high.receive(
		key('1'),
		announcement(key('1'), 1, [key('2')], {legacy: [seed]}),
		0,
	);
	assert.equal(high.bridges(seed), true);
	const lan = {ip: asIp('192.168.1.30'), port: 1248};
	high.receive(
		key('1'),
		announcement(key('1'), 2, [key('2')], {legacy: [lan]}),
		1,
	);
	assert.equal(high.bridges(lan), false);
	// A neighbour on its machine sees it at 127.0.0.1: still not on ours.
	high.receive(
		key('1'),
		announcement(key('1'), 3, [key('2'), key('4')], {legacy: [seed]}),
		2,
	);
	high.receive(
		key('1'),
		{
			...announcement(key('4'), 1, []),
			links: [{key: keyBytes(key('1')), ...seed}],
		},
		2,
	);
	assert.equal(high.reachable().get(key('4')), 2);
	assert.equal(high.bridges(seed), true);
	// Linked over loopback to a node linked over loopback to the smaller key:
	// that one is on this machine, and serves the seed.
	high.linkUp(key('3'), {ip: asIp('127.0.0.1'), port: 7003}, 'n', 3);
	high.receive(
		key('3'),
		{
			...announcement(key('3'), 1, []),
			links: [
				{key: keyBytes(key('2')), ip: asIp('127.0.0.1'), port: 7002},
				{key: keyBytes(key('0')), ip: asIp('127.0.0.1'), port: 7000},
			],
		},
		3,
	);
	high.receive(
		key('3'),
		announcement(key('0'), 1, [key('3')], {legacy: [seed]}),
		3,
	);
	assert.equal(high.bridges(seed), false);
	assert.equal(high.isLocal(key('0')), true);
	assert.equal(high.isLocal(key('1')), false);
});

test('a peer just learned is joining until it is reachable or the grace is over', () => {
	const node = member(key('0'), {joinGraceMs: 3000});
	node.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', 0);
	// 2 says it links to 1; 1 has not said so yet: not reachable, but joining.
	node.receive(key('1'), announcement(key('2'), 1, [key('1')]), 100);
	node.receive(key('1'), announcement(key('3'), 1, [key('1')]), 100);
	assert.equal(node.reachable().has(key('2')), false);
	assert.equal(node.isJoining(key('2'), 200), true);
	node.receive(key('1'), announcement(key('1'), 1, [key('0'), key('2')]), 300);
	assert.equal(node.reachable().get(key('2')), 2);
	assert.equal(node.isJoining(key('2'), 400), false);
	// Once reachable, a later loss is offline, never joining again.
	node.receive(key('1'), announcement(key('1'), 2, [key('0')]), 500);
	assert.equal(node.reachable().has(key('2')), false);
	assert.equal(node.isJoining(key('2'), 600), false);
	// One that never came: offline after the grace.
	assert.equal(node.isJoining(key('3'), 3099), true);
	assert.equal(node.isJoining(key('3'), 3100), false);
});

test('early announcements come in a burst of four, then one per tick', () => {
	const node = member(key('0'), {tickMs: 500, maxLinks: 8});
	node.tick(0);
	const early: number[] = [];
	// A peer links and drops every 60 ms for three seconds.
	for (let now = 10; now < 3000; now += 60) {
		const change =
			Math.floor(now / 60) % 2 === 0
				? node.linkUp(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 'n', now)
				: node.linkDown(key('1'), now);
		for (const timer of ofType(change, 'timer')) early.push(timer.at);
		for (const timer of ofType(node.tick(now + 50), 'timer')) {
			if (timer.at <= now + 50) early.push(timer.at);
		}
	}

	const first = early.filter((at) => at < 500);
	assert.equal(first.length, 4, `early ticks before 500: ${first.join(', ')}`);
	// Then about one per 500 ms: at most 2 per second on top of the regular 2.
	const later = early.filter((at) => at >= 1000 && at < 3000);
	assert.ok(
		later.length <= 4,
		`early ticks from 1 s to 3 s: ${later.join(', ')}`,
	);
});

test('after the clock went back, early announcements still come', () => {
	const node = member(key('0'), {tickMs: 500});
	node.tick(10_000);
	// The burst is spent at 10 s...
	for (let index = 0; index < 4; index++) {
		node.linkUp(
			key(String(index + 1)),
			{ip: asIp('127.0.0.1'), port: 7001},
			'n',
			10_010,
		);
		node.tick(10_060);
	}

	// ...then the clock steps back an hour; a new link is announced early.
	const back = 10_000 - 3_600_000;
	node.tick(back);
	node.tick(back + 500);
	node.tick(back + 1000);
	const up = node.linkUp(
		key('5'),
		{ip: asIp('127.0.0.1'), port: 7005},
		'n',
		back + 1100,
	);
	assert.deepEqual(ofType(up, 'timer'), [{type: 'timer', at: back + 1150}]);
});
