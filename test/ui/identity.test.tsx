import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import type {ChatEntry, ChatSource} from '../../source/service/types.js';
import {
	FakeChatService,
	fakeIdentity,
	makeEntries,
	makeHost,
	makeNativeHost,
	makeOfflinePeer,
	nativeAuthor,
} from '../helpers/fake-service.js';
import {renderApp} from './render-app.js';

afterEach(cleanup);

const time = new Date(2024, 0, 2, 13, 4, 5).getTime();
const fp = (seed: string) => fakeIdentity(seed).fingerprint;

/** The sidebar's rows (the text right of its border), top to bottom. */
const sidebar = (frame: string): string[] =>
	frame.split('\n').flatMap((row) => {
		const text = /│ ?(.*)$/v.exec(row)?.[1]?.trimEnd() ?? '';
		return text === '' ? [] : [text];
	});

function chat(id: number, text: string, source: ChatSource): ChatEntry {
	return {id, time, kind: 'chat', source, text};
}

test('the sidebar shows nick, fingerprint, address and every state word', async () => {
	const service = new FakeChatService({
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob'}),
			makeOfflinePeer('127.0.0.1:7003', 'carol', {
				keySeed: 'carol',
				state: 'connecting',
			}),
			makeOfflinePeer('127.0.0.1:7004', 'dave', {keySeed: 'dave'}),
			makeHost('127.0.0.1:7005', {status: 'reachable'}),
			makeOfflinePeer('127.0.0.1:7006', 'erin', {
				keySeed: 'erin',
				left: true,
				lastSeen: Date.now() - 8000,
			}),
		],
	});
	const {frame, until} = renderApp(service, 120, 30);
	// Bob's link and the reachable legacy host count; connecting and offline do not.
	await until((f) => f.includes('Peers (2/5 online)'));
	const rows = sidebar(frame());
	// Online first (the reachable legacy host too), then connecting, then
	// offline, the most recently seen first.
	assert.deepEqual(rows.slice(0, 12), [
		'Peers (2/5 online)',
		`● bob·${fp('bob')}`,
		'  127.0.0.1:7002',
		'  online · direct · tcp',
		'● 127.0.0.1:7005',
		'  legacy 12s ago',
		`● carol·${fp('carol')}`,
		'  127.0.0.1:7003',
		'  connecting 12s ago',
		`● erin·${fp('erin')}`,
		'  127.0.0.1:7006',
		// A goodbye reads as one, timed from when it came.
		'  offline · left 8s ago',
	]);
	assert.deepEqual(rows.slice(12, 15), [
		`● dave·${fp('dave')}`,
		'  127.0.0.1:7004',
		'  offline 12s ago',
	]);
});

test('a pane too short for any peer shows the title alone, nothing drawn over it', async () => {
	const service = new FakeChatService({
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob'}),
			makeNativeHost('127.0.0.1:7003', 'carol', {keySeed: 'carol'}),
		],
	});
	// Six rows: the pane gets one, under the input box and the status line.
	const {frame, until} = renderApp(service, 120, 6);
	await until((f) => f.includes('Peers (2/2 online)'));
	// (The input box's right border is a `│` too: leave its row out.)
	const rows = (text: string) =>
		sidebar(text).filter((row) => !row.startsWith('›'));
	assert.deepEqual(rows(frame()), ['Peers (2/2 online)']);
	const {frame: taller, until: untilTaller} = renderApp(service, 120, 7);
	await untilTaller((f) => f.includes('more (/peers)'));
	assert.deepEqual(rows(taller()), ['Peers (2/2 online)', '+2 more (/peers)']);
});

test('a long nick is cut to the sidebar width, fingerprint kept', async () => {
	const nick = 'x'.repeat(32);
	const service = new FakeChatService({
		hosts: [makeNativeHost('127.0.0.1:7002', nick, {keySeed: 'long'})],
	});
	const {frame, until} = renderApp(service, 120, 30);
	await until((f) => f.includes(fp('long')));
	const row = sidebar(frame()).find((line) => line.includes(fp('long')));
	assert.ok(row, frame());
	assert.match(row, new RegExp(`^● x+…·${fp('long')}$`, 'v'));
	// 30 cells inside the 32-cell sidebar (its border and one of padding).
	assert.ok(row.length <= 30, row);
	assert.ok(!frame().includes(nick));
});

test('open network: status says encrypted, open network, and counts legacy peers', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob'),
			makeHost('127.0.0.1:7003', {status: 'reachable'}),
		],
	});
	const {frame, until} = renderApp(service, 140, 30);
	await until((f) => f.includes('open network'));
	assert.match(
		frame(),
		new RegExp(
			String.raw`encrypted except 1 legacy · open network · alice·${fp('self')}@127\.0\.0\.1:7001 · peers 2/2 online`,
			'v',
		),
	);
	assert.ok(!frame().includes('secret network'));
	assert.ok(!frame().includes('refused'));
});

test('secret network: legacy hosts read "legacy · refused" and do not count', async () => {
	const service = new FakeChatService({
		network: 'secret',
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob'),
			makeHost('127.0.0.1:7003', {status: 'reachable'}),
		],
	});
	const {frame, until} = renderApp(service, 120, 30);
	await until((f) => f.includes('secret network'));
	assert.ok(frame().includes('Peers (1/2 online)'), frame());
	assert.ok(sidebar(frame()).includes('  legacy · refused 12s ago'), frame());
	assert.match(frame(), /encrypted · secret network/v);
	assert.match(frame(), /peers 1\/2 online/v);
	assert.ok(!frame().includes('open network'));
	assert.ok(!frame().includes('except'), 'no legacy link is in use');
});

test('a nick used by two keys shows each key fingerprint; unique nicks do not', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob-1'}),
			makeNativeHost('127.0.0.1:7003', 'bob', {keySeed: 'bob-2'}),
			makeNativeHost('127.0.0.1:7004', 'carol', {keySeed: 'carol'}),
		],
		entries: [
			chat(1, 'first bob here', nativeAuthor('bob', 'bob-1')),
			chat(2, 'second bob here', nativeAuthor('bob', 'bob-2')),
			chat(3, 'carol here', nativeAuthor('carol', 'carol')),
			{
				id: 4,
				time,
				kind: 'own',
				nick: 'alice',
				fingerprint: fp('self'),
				text: 'alice here',
			},
		],
	});
	const {frame, until} = renderApp(service, 120, 30);
	await until((f) => f.includes('alice here'));
	assert.match(frame(), new RegExp(`<bob·${fp('bob-1')}> first bob here`, 'v'));
	assert.match(
		frame(),
		new RegExp(`<bob·${fp('bob-2')}> second bob here`, 'v'),
	);
	assert.match(frame(), /13:04:05 <carol> carol here/v);
	assert.match(frame(), /13:04:05 <alice> alice here/v);
	// A peer taking our nick: our lines and theirs both show the key.
	service.update({
		hosts: [
			...service.getSnapshot().hosts,
			makeNativeHost('127.0.0.1:7005', 'alice', {keySeed: 'mallory'}),
		],
	});
	service.addEntry(chat(0, 'I am alice', nativeAuthor('alice', 'mallory')));
	await until((f) => f.includes('I am alice'));
	assert.match(frame(), new RegExp(`<alice·${fp('self')}> alice here`, 'v'));
	assert.match(frame(), new RegExp(`<alice·${fp('mallory')}> I am alice`, 'v'));
	assert.match(frame(), /<carol> carol here/v);
});

test('two keys behind one nick are caught from the messages alone', async () => {
	const service = new FakeChatService({
		entries: [
			...makeEntries(40, '127.0.0.1:7002', nativeAuthor('bob', 'bob-1')),
			chat(41, 'the other bob', nativeAuthor('bob', 'bob-2')),
		],
	});
	const {frame, until} = renderApp(service, 120, 30);
	await until((f) => f.includes('the other bob'));
	assert.match(frame(), new RegExp(`<bob·${fp('bob-2')}> the other bob`, 'v'));
	assert.match(frame(), new RegExp(`<bob·${fp('bob-1')}> message 40`, 'v'));
	// One bob only: no fingerprints.
	service.update({entries: makeEntries(40)});
	await until((f) => !f.includes('the other bob'));
	assert.match(frame(), /<bob> message 40/v);
	assert.ok(!frame().includes(`bob·`), frame());
});

test('legacy lines keep the address and carry the (plain) tag; signed ones do not', async () => {
	const service = new FakeChatService({
		entries: [
			chat(1, 'signed hello', nativeAuthor('bob')),
			chat(2, 'plain hello', {type: 'legacy', address: '10.0.0.9:7005'}),
		],
	});
	const {frame, until} = renderApp(service, 120, 30);
	await until((f) => f.includes('plain hello'));
	assert.match(frame(), /13:04:05 <bob> signed hello/v);
	assert.match(frame(), /13:04:05 <10\.0\.0\.9:7005> \(plain\) plain hello/v);
	assert.ok(!frame().includes('(plain) signed hello'));
	// An unsigned line has no nick to show (its type has none): only the address.
	service.addEntry({
		kind: 'chat',
		source: {type: 'legacy', address: '10.0.0.9:7006'},
		text: 'trust me',
	});
	await until((f) => f.includes('trust me'));
	assert.match(frame(), /<10\.0\.0\.9:7006> \(plain\) trust me/v);
});

test('a peer nick cannot inject escapes or rows into the sidebar', async () => {
	const service = new FakeChatService({
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'ev\u001B[2Jil\nrow', {keySeed: 'e'}),
		],
	});
	const {frame, until} = renderApp(service, 120, 30);
	await until((f) => f.includes(fp('e')));
	assert.ok(!frame().includes('\u001B[2J'));
	assert.ok(
		sidebar(frame()).includes(`● ev\uFFFD[2Jil\uFFFDrow·${fp('e')}`),
		frame(),
	);
});
