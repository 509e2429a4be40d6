/**
 * Peer notices against a scripted mesh: what the user is told as peers
 * come, go, rename, and claim addresses we know as legacy.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {HostTable} from '../../source/protocol/host-table.js';
import type {PeerInfo} from '../../source/protocol/membership.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {PeerNotices} from '../../source/service/peer-notices.js';
import {Broadcaster} from '../../source/node/broadcaster.js';
import {Hosts} from '../../source/service/hosts.js';
import {asIp} from '../helpers/ip.js';
import type {PeerKey} from '../../source/protocol/peer-key.js';
import {asKey} from '../helpers/key.js';

const keyX = asKey('ab'.repeat(32));

function scripted() {
	const state = {
		now: 1_000_000,
		peers: [] as PeerInfo[],
		probes: [] as string[],
		answer: 'legacy' as 'native' | 'legacy' | 'failed',
		notes: [] as string[],
		joining: false,
		redraws: 0,
		/** Times the whole peer list was read. */
		peersRead: 0,
		/** Set: the view tells which peers changed (as the core's journal does). */
		journal: undefined as PeerKey[] | undefined,
	};
	const table = new HostTable();
	const membership = {
		peers() {
			state.peersRead++;
			return state.peers;
		},
		peer: (key: PeerKey) => state.peers.find((peer) => peer.key === key),
		// Without a journal the script tells no changes apart: each sync reads every peer.
		peerChangesSince: (cursor: number | undefined) =>
			cursor === undefined || state.journal === undefined
				? ({keys: 'all', cursor: 0} as const)
				: {keys: state.journal.splice(0), cursor: 0},
		announcedLinks: () => [],
		reachable: () =>
			new Map(
				state.peers.flatMap((peer) =>
					peer.hops === undefined ? [] : [[peer.key, peer.hops] as const],
				),
			),
		config: {...defaultMeshConfig, joinGraceMs: 30},
		isJoining: () => state.joining,
		isDialing: () => false,
		remembered: () => [],
		rejoining: () => [],
		links: [] as PeerKey[],
		hasLeft: () => false,
		bridges: () => false,
		addressOf: () => undefined,
		onlineAt: () => undefined,
		knownAt: () => undefined,
		catchUpWindow: undefined,
	};
	const report = {
		note(text: string) {
			state.notes.push(text);
		},
		append() {
			// No chat lines here.
		},
		count() {
			// Nor counters.
		},
		keep() {
			// Nor stored lines.
		},
		changed() {
			state.redraws++;
		},
		once: () => true,
		remoteError(_source: string, text: string) {
			state.notes.push(text);
		},
	};
	const now = () => state.now;
	const hosts = new Hosts({
		table,
		broadcaster: new Broadcaster(table, {
			sendTimeoutMs: 1000,
			queueLimit: 8,
			now,
			random: () => 0.5,
			async reach() {
				return {kind: 'failed', reason: 'not in this test'};
			},
		}),
		bridge: {
			sync() {
				// No legacy hosts to announce here.
			},
			serves: () => false,
			relay() {
				// Nor lines to pass on.
			},
			relayLegacy() {
				// Nor lines to pass on.
			},
		},
		report,
		now,
		isSelf: () => false,
	});
	const rows = new PeerNotices({
		report,
		hosts,
		view: membership,
		now,
		async dialNative(ip: string, port: number) {
			state.probes.push(`${ip}:${port}`);
			return state.answer === 'native'
				? {kind: 'failed', reason: 'a native peer answered; not linked here'}
				: state.answer === 'legacy'
					? {kind: 'legacy'}
					: {kind: 'failed', reason: 'nothing there'};
		},
	});
	return {state, table, rows};
}

function peer(overrides: Partial<PeerInfo> = {}): PeerInfo {
	return {
		key: keyX,
		nick: 'x',
		address: {ip: asIp('127.0.0.1'), port: 1248},
		hops: 2,
		left: false,
		heardAt: 1_000_000,
		...overrides,
	};
}

test('a legacy row where an online peer is claimed: one native dial, the row left as it is', async () => {
	const {state, table, rows} = scripted();
	table.learn(asIp('127.0.0.1'), 1248, 'inbound', 0);
	table.heardFrom('127.0.0.1:1248', 0);
	state.peers = [peer()];
	rows.sync();
	rows.sync();
	await Promise.resolve();
	assert.deepEqual(state.probes, ['127.0.0.1:1248']);
	const row = table.get('127.0.0.1:1248');
	assert.equal(row?.dialect, 'legacy');
	assert.equal(row?.publicKey, undefined);
	assert.deepEqual(state.notes, [
		'New host discovered: 127.0.0.1:1248 (x·abababab, through peers)',
	]);
	// A legacy host answered: never dialed again for that claim.
	state.now += 60 * 60 * 1000;
	rows.sync();
	assert.deepEqual(state.probes, ['127.0.0.1:1248']);
});

test('a dial that finds no one is tried again after five minutes, not before', async () => {
	const {state, table, rows} = scripted();
	table.learn(asIp('127.0.0.1'), 1248, 'inbound', 0);
	table.heardFrom('127.0.0.1:1248', 0);
	state.answer = 'failed';
	state.peers = [peer()];
	rows.sync();
	await Promise.resolve();
	state.now += 4 * 60 * 1000;
	rows.sync();
	assert.equal(state.probes.length, 1);
	state.now += 60 * 1000;
	rows.sync();
	assert.equal(state.probes.length, 2);
});

test("discovered, offline, back online and a new nick are each told once, in the announcements' words", () => {
	const {state, rows} = scripted();
	state.peers = [peer({address: {ip: asIp('10.0.0.2'), port: 7002}, hops: 1})];
	rows.sync();
	state.peers = [
		peer({address: {ip: asIp('10.0.0.2'), port: 7002}, hops: undefined}),
	];
	state.now += 5000;
	const wentAt = state.now;
	rows.sync();
	state.now += 5000;
	rows.sync();
	// It went offline at the first sync that saw it gone: its age counts from there.
	assert.equal(rows.offlineSince(keyX), wentAt);
	state.peers = [peer({address: {ip: asIp('10.0.0.2'), port: 7002}, hops: 1})];
	rows.sync();
	assert.equal(rows.offlineSince(keyX), undefined);
	state.peers = [
		peer({
			address: {ip: asIp('10.0.0.2'), port: 7002},
			hops: 1,
			nick: 'xavier',
		}),
	];
	rows.sync();
	assert.deepEqual(
		state.notes.map((text) => text.replace(/·[\da-f]{8}/v, '')),
		[
			'New host discovered: 10.0.0.2:7002 (x, through peers)',
			'x is offline.',
			'x is back online.',
			'x is now known as xavier.',
		],
	);
});

test('a peer first heard of as the far end of a link (no address yet) is told once its address comes', () => {
	const {state, rows} = scripted();
	state.peers = [peer({address: undefined, hops: undefined})];
	rows.sync();
	assert.deepEqual(state.notes, []);
	state.peers = [peer({address: {ip: asIp('10.0.0.4'), port: 7004}, hops: 1})];
	rows.sync();
	rows.sync();
	assert.deepEqual(state.notes, [
		'New host discovered: 10.0.0.4:7004 (x·abababab, through peers)',
	]);
});

test('a joining peer that never comes gets a redraw when its grace is over (once), none after stop', (t) => {
	t.mock.timers.enable({apis: ['setTimeout']});
	const {state, rows} = scripted();
	state.joining = true;
	state.peers = [
		peer({address: {ip: asIp('10.0.0.3'), port: 7003}, hops: undefined}),
	];
	rows.sync();
	rows.sync();
	const listed = state.redraws;
	// By the time the grace is over, the membership says it is not joining.
	state.joining = false;
	t.mock.timers.tick(1000);
	assert.equal(state.redraws, listed + 1);
	// Another joins; the node stops before its grace is over: no redraw.
	state.joining = true;
	rows.sync();
	rows.stop();
	t.mock.timers.tick(1000);
	assert.equal(state.redraws, listed + 1);
});

test('a burst of changes among the peers is one sync, after the burst', async () => {
	const {state, rows} = scripted();
	state.peers = [peer({hops: 2})];
	let syncs = 0;
	const sync = rows.sync.bind(rows);
	rows.sync = () => {
		syncs++;
		sync();
	};

	for (let index = 0; index < 50; index++) rows.syncSoon();
	assert.equal(syncs, 0, 'not during the burst');
	await new Promise<void>((resolve) => {
		setImmediate(resolve);
	});
	assert.equal(syncs, 1);
	rows.stop();
	rows.syncSoon();
	await new Promise<void>((resolve) => {
		setImmediate(resolve);
	});
	assert.equal(syncs, 1, 'none after stop');
});

test('many peers discovered or gone at once are one notice, a few are one each', () => {
	const {state, rows} = scripted();
	const crowd = Array.from({length: 10}, (_, index) =>
		peer({
			key: asKey(String(index).padStart(2, '0').repeat(32)),
			nick: `p${index}`,
		}),
	);
	state.peers = crowd;
	rows.sync();
	assert.deepEqual(state.notes, [
		'10 peers were discovered: p0·00000000, p1·01010101, p2·02020202 and 7 more (/peers lists them).',
	]);
	state.notes.length = 0;
	state.peers = crowd.map((item) => ({...item, hops: undefined}));
	rows.sync();
	assert.equal(state.notes.length, 1, state.notes.join('\n'));
	assert.match(
		state.notes[0] ?? '',
		/^10 peers went offline: p0·00000000, p1·01010101, p2·02020202 and 7 more/,
	);

	state.peers = crowd.slice(0, 2);
	rows.sync();
	state.notes.length = 0;
	state.peers = crowd.slice(0, 2).map((item) => ({...item, hops: undefined}));
	rows.sync();
	assert.deepEqual(state.notes, [
		'p0·00000000 is offline.',
		'p1·01010101 is offline.',
	]);
});

test('between full syncs only the peers the core says changed are read: a flood of no change reads none', () => {
	const {state, rows} = scripted();
	state.journal = [];
	const keys = Array.from({length: 1000}, (_, index) =>
		asKey(index.toString(16).padStart(64, '0')),
	);
	state.peers = keys.map((key, index) => peer({key, nick: `p${index}`}));
	rows.sync();
	assert.equal(state.peersRead, 1);
	assert.equal(state.notes.length, 1, 'one line for the crowd discovered');
	// One peer goes offline: told, without reading the other 999.
	state.peers[500] = peer({key: keys[500]!, nick: 'p500', hops: undefined});
	state.journal.push(keys[500]!);
	rows.sync();
	assert.equal(state.peersRead, 1);
	assert.match(state.notes.at(-1)!, /^p500·.* is offline\.$/v);
	assert.equal(rows.offlineSince(keys[500]!), state.now);
	// A thousand syncs with nothing changed: nothing read, nothing told.
	const told = state.notes.length;
	for (let index = 0; index < 1000; index++) rows.sync();
	assert.equal(state.peersRead, 1);
	assert.equal(state.notes.length, told);
	// Back online; and a forgotten peer is dropped from what is tracked.
	state.peers[500] = peer({key: keys[500]!, nick: 'p500'});
	state.peers.pop();
	state.journal.push(keys[500]!, keys[999]!);
	rows.sync();
	assert.match(state.notes.at(-1)!, /^p500·.* is back online\.$/v);
	assert.equal(rows.offlineSince(keys[500]!), undefined);
	// Every few seconds every peer is looked at again.
	state.now += 5000;
	rows.sync();
	assert.equal(state.peersRead, 2);
	assert.equal(state.notes.length, told + 1);
});
