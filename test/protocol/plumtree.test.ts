/**
 * Plumtree's state machine on its own (`plumtree.ts`): which links stay
 * eager, what is announced and when, GRAFT timers and their retry, answers
 * to GRAFTs and their bounds, the tree optimisation, and peers that do not
 * speak Plumtree. Then its frames (`tree-frames.ts`).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {BroadcastEffect} from '../../source/protocol/broadcast-types.js';
import {defaultFloodOptions} from '../../source/protocol/flood.js';
import {
	defaultMeshConfig,
	defaultPlumtreeConfig,
	type PlumtreeConfig,
} from '../../source/protocol/mesh-config.js';
import {Mesh, type MeshEffect} from '../../source/protocol/mesh.js';
import {
	decodeFrame,
	encodeFrame,
	frameType,
	isFrameError,
	signedBytes,
	type ChatEnvelope,
} from '../../source/protocol/native-frames.js';
import {Plumtree} from '../../source/protocol/plumtree.js';
import {asIp} from '../helpers/ip.js';
import {asKey} from '../helpers/key.js';

const a = asKey('a'.repeat(64));
const b = asKey('b'.repeat(64));
const c = asKey('c'.repeat(64));
const d = asKey('d'.repeat(64));
const id = (digit: string) => digit.repeat(64);
const config: PlumtreeConfig = defaultPlumtreeConfig;

/** A node linked to `peers`, all of which speak Plumtree unless listed in `old`. */
function tree(peers: readonly string[], old: readonly string[] = []) {
	const plumtree = new Plumtree<string>(config, defaultFloodOptions);
	for (const peer of peers) {
		const key = asKey(peer);
		plumtree.neighborUp(key);
		if (!old.includes(peer)) plumtree.neighborSpeaksTree(key);
	}

	return plumtree;
}

/** Effects in a short form: `send a`, `deliver`, `ihave b 2`, `graft c 1`, `prune d`. */
function brief(effects: ReadonlyArray<BroadcastEffect<string>>): string[] {
	return effects.map((effect) => {
		if (effect.type === 'send-message')
			return `send ${effect.to[0]} ${effect.hops}`;
		if (effect.type === 'deliver') return 'deliver';
		const {frame} = effect;
		const size =
			frame.kind === 'ihave'
				? ` ${frame.entries.length}`
				: frame.kind === 'graft'
					? ` ${frame.ids.length}`
					: '';
		return `${frame.kind} ${effect.to[0]}${size}`;
	});
}

test('the first message goes to every link; a copy prunes its sender, which then gets IHAVEs, batched', () => {
	const node = tree([a, b, c]);
	assert.deepEqual(brief(node.receive(a, id('1'), 'one', 0, 0)), [
		'deliver',
		'send b 1',
		'send c 1',
	]);
	// The same message from b: a duplicate, so b's link turns lazy.
	assert.deepEqual(brief(node.receive(b, id('1'), 'one', 3, 5)), ['prune b']);
	assert.ok(node.isLazy(b));
	assert.equal(node.stats.duplicates, 1);
	assert.equal(node.stats.pruneSent, 1);
	// Two new messages from a: pushed to c, announced to b in one IHAVE.
	assert.deepEqual(brief(node.receive(a, id('2'), 'two', 0, 100)), [
		'deliver',
		'send c 1',
	]);
	assert.deepEqual(brief(node.receive(a, id('3'), 'three', 0, 110)), [
		'deliver',
		'send c 1',
	]);
	assert.equal(node.nextDeadline(), 100 + config.ihaveIntervalMs);
	assert.deepEqual(node.tick(100 + config.ihaveIntervalMs - 1), []);
	assert.deepEqual(brief(node.tick(100 + config.ihaveIntervalMs)), [
		'ihave b 2',
	]);
	assert.equal(node.nextDeadline(), undefined);
	assert.equal(node.stats.ihaveSent, 1);
});

test('a PRUNE makes the link lazy; our own message is pushed to eager links and announced to lazy ones', () => {
	const node = tree([a, b]);
	assert.deepEqual(node.control(b, {kind: 'prune'}, 0), []);
	assert.deepEqual(brief(node.publish(id('1'), 'mine', 10)), ['send a 0']);
	assert.deepEqual(brief(node.tick(10 + config.ihaveIntervalMs)), [
		'ihave b 1',
	]);
	// Both links hear of it: the author waits for both links' acks.
	assert.deepEqual(new Set(node.neighbors()), new Set([a, b]));
});

test('an announced message that does not come is grafted from the announcer, then from the next one', () => {
	const node = tree([a, b, c]);
	node.control(a, {kind: 'prune'}, 0);
	node.control(b, {kind: 'prune'}, 0);
	node.control(a, {kind: 'ihave', entries: [{id: id('9'), hops: 2}]}, 100);
	node.control(b, {kind: 'ihave', entries: [{id: id('9'), hops: 1}]}, 120);
	assert.equal(node.nextDeadline(), 100 + config.graftTimeoutMs);
	assert.deepEqual(node.tick(100 + config.graftTimeoutMs - 1), []);
	const first = 100 + config.graftTimeoutMs;
	assert.deepEqual(brief(node.tick(first)), ['graft a 1']);
	assert.ok(node.isEager(a), 'the grafted link is eager');
	// No answer within the retry time: the next announcer.
	assert.deepEqual(brief(node.tick(first + config.graftRetryMs)), [
		'graft b 1',
	]);
	assert.equal(node.stats.graftSent, 2);
	// It arrives: nothing more is asked for.
	node.receive(b, id('9'), 'nine', 1, first + config.graftRetryMs + 10);
	assert.equal(node.nextDeadline(), undefined);
	assert.deepEqual(node.tick(first + 10 * config.graftRetryMs), []);
});

test('an IHAVE for a message held already, or one that arrives in time, asks for nothing', () => {
	const node = tree([a, b]);
	node.control(b, {kind: 'prune'}, 0);
	node.receive(a, id('1'), 'one', 0, 10);
	node.control(b, {kind: 'ihave', entries: [{id: id('1'), hops: 0}]}, 20);
	node.control(b, {kind: 'ihave', entries: [{id: id('2'), hops: 3}]}, 20);
	node.receive(a, id('2'), 'two', 3, 30);
	assert.deepEqual(
		brief(node.tick(20 + config.graftTimeoutMs)).filter((effect) =>
			effect.startsWith('graft'),
		),
		[],
	);
});

test('a GRAFT makes the link eager and is answered only with payloads held, up to the link share', () => {
	const node = new Plumtree<string>(
		{...config, graftsPerLink: {burst: 2, perSecond: 1}},
		defaultFloodOptions,
	);
	for (const key of [a, b]) {
		node.neighborUp(key);
		node.neighborSpeaksTree(key);
	}

	node.control(b, {kind: 'prune'}, 0);
	node.receive(a, id('1'), 'one', 4, 10);
	node.publish(id('2'), 'two', 20);
	node.publish(id('3'), 'three', 25);
	const answer = node.control(
		b,
		{kind: 'graft', ids: [id('1'), id('7'), id('2'), id('3'), id('1')]},
		30,
	);
	// Held ones, with the hops a copy from here carries, each once; the
	// unknown id and the one over the share are refused and counted.
	assert.deepEqual(brief(answer), ['send b 5', 'send b 0']);
	assert.equal(node.stats.graftRefused, 2);
	assert.ok(node.isEager(b));
	// A GRAFT from a node that is not a link changes nothing.
	assert.deepEqual(node.control(c, {kind: 'graft', ids: [id('1')]}, 40), []);
	assert.equal(node.isEager(c), false);
});

test('payloads are kept for cacheMs and at most maxCached', () => {
	const node = new Plumtree<string>(
		{...config, maxCached: 2, cacheMs: 1000},
		defaultFloodOptions,
	);
	node.neighborUp(a);
	node.neighborSpeaksTree(a);
	for (const [index, digit] of ['1', '2', '3'].entries()) {
		node.publish(id(digit), digit, index);
	}

	const graft = (ids: string[], now: number) =>
		brief(node.control(a, {kind: 'graft', ids}, now));
	assert.deepEqual(graft([id('1')], 10), [], 'past the count');
	assert.deepEqual(graft([id('2'), id('3')], 10), ['send a 0', 'send a 0']);
	node.tick(1500);
	assert.deepEqual(graft([id('3')], 1500), [], 'past the age');
});

test('payloads are kept up to maxCachedBytes (the oldest go), and not at all with no link that speaks Plumtree', () => {
	const node = new Plumtree<string>(
		{...config, maxCachedBytes: 2500},
		defaultFloodOptions,
		(message) => message.length,
	);
	node.neighborUp(a);
	for (const digit of ['1', '2'])
		node.publish(id(digit), digit.repeat(1000), 0);
	node.neighborSpeaksTree(a);
	const graft = (ids: string[]) =>
		brief(node.control(a, {kind: 'graft', ids}, 10));
	assert.deepEqual(
		graft([id('1'), id('2')]),
		[],
		'none kept without a speaker',
	);
	for (const digit of ['3', '4', '5']) {
		node.publish(id(digit), digit.repeat(1000), 1);
	}

	assert.deepEqual(graft([id('3')]), [], 'past the bytes');
	assert.deepEqual(graft([id('4'), id('5')]), ['send a 0', 'send a 0']);
});

test('a GRAFT is charged by the size of what it asks for', () => {
	const node = new Plumtree<string>(
		{...config, graftsPerLink: {burst: 20, perSecond: 1}},
		defaultFloodOptions,
		(message) => message.length,
	);
	node.neighborUp(a);
	node.neighborSpeaksTree(a);
	// 40 KiB: 1 + 10 of the share; a small one: 1.
	node.publish(id('1'), 'x'.repeat(40 * 1024), 0);
	node.publish(id('2'), 'small', 0);
	const graft = (ids: string[], now: number) =>
		brief(node.control(a, {kind: 'graft', ids}, now));
	assert.deepEqual(graft([id('1')], 10), ['send a 0']);
	assert.deepEqual(graft([id('1')], 20), [], 'the share is spent');
	assert.deepEqual(graft([id('2')], 30), ['send a 0']);
});

test('a clock that went back does not hold IHAVEs and GRAFTs until it catches up', () => {
	const node = tree([a, b]);
	node.control(b, {kind: 'prune'}, 1_000_000);
	node.receive(a, id('1'), 'one', 0, 1_000_000);
	// An hour back: the IHAVE queued for b goes at the next tick.
	const back = 1_000_000 - 3_600_000;
	assert.deepEqual(brief(node.tick(back)), ['ihave b 1']);
	// An IHAVE for a line not here, then the clock goes back again.
	node.control(b, {kind: 'ihave', entries: [{id: id('2'), hops: 1}]}, back);
	assert.deepEqual(brief(node.tick(back - 3_600_000)), ['graft b 1']);
});

test('a new link to a peer whose old link lagged starts afresh', () => {
	const node = tree([a, b]);
	node.neighborLagging(b, 0);
	assert.ok(node.isLazy(b));
	// The link is replaced (a second connection to the same peer).
	node.neighborUp(b);
	node.control(b, {kind: 'prune'}, 10);
	node.control(b, {kind: 'graft', ids: []}, 20);
	assert.ok(node.isEager(b), 'a GRAFT makes it eager at once');
});

test('a lazy link whose IHAVE is optimizationThreshold hops shorter replaces the eager one', () => {
	const node = tree([a, b, c]);
	node.control(b, {kind: 'prune'}, 0);
	node.control(b, {kind: 'ihave', entries: [{id: id('5'), hops: 1}]}, 10);
	const late = 1 + config.optimizationThreshold;
	assert.deepEqual(brief(node.receive(a, id('5'), 'five', late, 20)), [
		'deliver',
		`send c ${late + 1}`,
		'graft b 0',
		'prune a',
	]);
	assert.ok(node.isEager(b));
	assert.ok(node.isLazy(a));
	// One hop less than the threshold changes nothing.
	node.control(c, {kind: 'prune'}, 30);
	node.control(c, {kind: 'ihave', entries: [{id: id('6'), hops: 2}]}, 40);
	assert.deepEqual(brief(node.receive(b, id('6'), 'six', late, 50)), [
		'deliver',
	]);
});

test('a peer that does not speak Plumtree stays eager: never pruned, never only announced to', () => {
	const node = tree([a, b], [b]);
	node.receive(a, id('1'), 'one', 0, 0);
	// A copy from the older peer is counted, not answered with a PRUNE.
	assert.deepEqual(node.receive(b, id('1'), 'one', undefined, 1), []);
	assert.ok(node.isEager(b));
	// Tree frames from it (it never said TREE-HELLO) change nothing.
	assert.deepEqual(node.control(b, {kind: 'prune'}, 2), []);
	assert.deepEqual(node.control(b, {kind: 'graft', ids: [id('1')]}, 2), []);
	assert.ok(node.isEager(b));
	assert.deepEqual(brief(node.receive(a, id('2'), 'two', 0, 10)), [
		'deliver',
		'send b 1',
	]);
	assert.equal(node.nextDeadline(), undefined, 'no IHAVE queued');
});

test('a link that goes down takes its announcements and queue with it', () => {
	const node = tree([a, b, c, d]);
	node.control(b, {kind: 'prune'}, 0);
	node.control(c, {kind: 'ihave', entries: [{id: id('8'), hops: 1}]}, 0);
	node.receive(a, id('1'), 'one', 0, 0);
	node.neighborDown(b);
	node.neighborDown(c);
	assert.equal(node.nextDeadline(), undefined);
	assert.deepEqual(node.tick(10_000), []);
	assert.deepEqual(new Set(node.neighbors()), new Set([a, d]));
});

const envelope: ChatEnvelope = {
	author: new Uint8Array(32).fill(7),
	nick: 'ann',
	timestamp: 1_700_000_000_000,
	seq: 42,
	text: 'hello',
	signature: new Uint8Array(64).fill(1),
};

test('IHAVE, GRAFT, PRUNE and TREE-HELLO round-trip; a hop count rides outside the signed bytes', () => {
	const frames = [
		{
			type: 'ihave',
			entries: [
				{id: id('a'), hops: 3},
				{id: id('b'), hops: 255},
			],
		},
		{type: 'graft', ids: [id('c')]},
		{type: 'graft', ids: []},
		{type: 'prune'},
		{type: 'tree-hello'},
		{type: 'chat', envelope, hops: 9},
	] as const;
	for (const frame of frames) {
		assert.deepEqual(decodeFrame(encodeFrame(frame)), frame);
	}

	const hopped = encodeFrame({type: 'chat', envelope, hops: 9});
	const plain = encodeFrame({type: 'chat', envelope});
	assert.equal(hopped[1], 24);
	assert.equal(plain[1], frameType.chat);
	assert.deepEqual(
		hopped.subarray(3),
		plain.subarray(2),
		'one byte of hops, then CHAT',
	);
	const decoded = decodeFrame(hopped);
	assert.ok(!isFrameError(decoded) && decoded.type === 'chat');
	assert.deepEqual(signedBytes(decoded.envelope), signedBytes(envelope));
});

test('IHAVE and GRAFT counts out of bounds, short bodies and stray bytes are refused', () => {
	const ihave = encodeFrame({type: 'ihave', entries: [{id: id('a'), hops: 1}]});
	const bad = [
		// Count 0.
		Uint8Array.from([1, frameType.ihave, 0]),
		// Count 1025 (0xfd, then 1025 as uint16).
		Uint8Array.from([1, frameType.graft, 0xfd, 0x01, 0x04]),
		// Cut short.
		ihave.subarray(0, -1),
		// A byte too many.
		Uint8Array.from([...encodeFrame({type: 'prune'}), 0]),
	];
	for (const bytes of bad) {
		assert.ok(isFrameError(decodeFrame(bytes)), `${bytes.join(',')} refused`);
	}
});

test('the mesh gives its driver one timer: the sooner of the IHAVE flush and the membership tick, each run only when due', () => {
	const mesh = new Mesh<string>({
		self: d,
		nick: 'nd',
		config: {...defaultMeshConfig, broadcast: 'plumtree'},
		random: () => 0,
		sign: (unsigned) => ({...unsigned, signature: new Uint8Array(64)}),
	});
	const timers = (effects: ReadonlyArray<MeshEffect<string>>): number[] =>
		effects.flatMap((effect) => (effect.type === 'timer' ? [effect.at] : []));
	assert.deepEqual(timers(mesh.start(0)), [0]);
	const {tickMs} = defaultMeshConfig;
	// Alone, with nobody to dial or sweep, it asks for no tick (it sleeps).
	assert.deepEqual(timers(mesh.tick(0)), []);
	let next = 0;
	for (const key of [a, b]) {
		const address = {ip: asIp('10.0.0.1'), port: key === a ? 1 : 2};
		next = timers(mesh.linkUp(key, address, 'n', 1, false)).at(-1) ?? next;
		mesh.speaksTree(key);
	}

	mesh.receiveControl(b, {kind: 'prune'}, 2);
	// The membership's early and regular ticks, until its next is a tick away.
	for (let step = 0; step < 5 && next < 2 * tickMs; step++) {
		next = timers(mesh.tick(next)).at(-1)!;
	}

	// A line from a: an IHAVE for b is due before the membership's tick.
	const at = next - tickMs + 10;
	const received = mesh.receiveMessage(a, id('1'), 'one', 0, at);
	assert.deepEqual(timers(received), [
		at + defaultPlumtreeConfig.ihaveIntervalMs,
	]);
	assert.equal(
		mesh.membershipDue(at + defaultPlumtreeConfig.ihaveIntervalMs),
		false,
	);
	const flushed = mesh.tick(at + defaultPlumtreeConfig.ihaveIntervalMs);
	// Only the flush ran (no announcement, dial or sweep), and the
	// membership's wake-up is given again.
	assert.deepEqual(
		flushed.map((effect) => effect.type),
		['send-tree', 'timer'],
	);
	assert.ok(mesh.membershipDue(timers(flushed)[0]!));
});

test('a lagging link is made lazy and kept lazy for lagHoldMs, whatever it sends; then a GRAFT makes it eager again', () => {
	const node = tree([a, b, c], [c]);
	node.neighborLagging(b, 0);
	node.neighborLagging(c, 0);
	assert.ok(node.isLazy(b));
	assert.ok(
		node.isEager(c),
		'an older peer has no lazy role: its link limits decide',
	);
	assert.equal(node.stats.lagged, 1);
	// A new line from b would make it eager; not while it lags.
	node.receive(b, id('1'), 'one', 0, 10);
	assert.ok(node.isLazy(b));
	// Its GRAFT is answered (a few lines, at the link's share), and it stays lazy.
	assert.deepEqual(
		brief(node.control(b, {kind: 'graft', ids: [id('1')]}, 20)),
		['send b 1'],
	);
	assert.ok(node.isLazy(b));
	// Lines go to it as announcements only.
	assert.deepEqual(brief(node.receive(a, id('2'), 'two', 0, 30)), [
		'deliver',
		'send c 1',
	]);
	node.control(b, {kind: 'graft', ids: []}, config.lagHoldMs);
	assert.ok(node.isEager(b));
});

test('own lines go in full to a link lazy because it lags (its peer still holds us eager); relayed ones are announced; after its PRUNE ours are announced too', () => {
	const node = tree([a, b]);
	node.neighborLagging(b, 0);
	assert.ok(node.isLazy(b));
	assert.deepEqual(brief(node.publish(id('1'), 'ours', 10)), [
		'send a 0',
		'send b 0',
	]);
	// A relayed line is only announced to it.
	assert.deepEqual(brief(node.receive(a, id('2'), 'relayed', 0, 20)), [
		'deliver',
	]);
	assert.deepEqual(brief(node.tick(20 + config.ihaveIntervalMs)), [
		'ihave b 1',
	]);
	// Pruned by its peer, the link is lazy at both ends: ours are announced.
	node.control(b, {kind: 'prune'}, 100);
	assert.deepEqual(brief(node.publish(id('3'), 'ours', 110)), ['send a 0']);
	assert.deepEqual(brief(node.tick(110 + config.ihaveIntervalMs)), [
		'ihave b 1',
	]);
});

test('a link that lagged is eager again as soon as its backlog drains, not after lagHoldMs; one lazy before it lagged stays lazy', () => {
	const node = tree([a, b, c]);
	node.control(c, {kind: 'prune'}, 0);
	node.neighborLagging(b, 0);
	node.neighborLagging(c, 0);
	assert.ok(node.isLazy(b) && node.isLazy(c));
	node.neighborDrained(b);
	node.neighborDrained(c);
	assert.ok(node.isEager(b));
	assert.ok(node.isLazy(c));
	// The hold is over for both: a GRAFT makes c eager at once.
	node.control(c, {kind: 'graft', ids: []}, 10);
	assert.ok(node.isEager(c));
});
