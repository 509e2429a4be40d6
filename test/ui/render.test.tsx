import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {render, cleanup} from 'ink-testing-library';
import App from '../../source/app.js';
import {formatClock} from '../../source/view/format.js';
import {
	FakeChatService,
	fakeIdentity,
	makeAddress,
	makeHost,
} from '../helpers/fake-service.js';
import {renderApp} from './render-app.js';
import {waitFor} from './terminal-helpers.js';

afterEach(cleanup);

const time = new Date(2024, 0, 2, 13, 4, 5).getTime();

test('own, chat, notice and error lines render with time and sender', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		entries: [
			{
				id: 1,
				time,
				kind: 'chat',
				source: {type: 'legacy', address: '127.0.0.1:7002'},
				text: 'hi from bob',
			},
			{
				id: 2,
				time,
				kind: 'own',
				nick: 'alice',
				fingerprint: fakeIdentity('self').fingerprint,
				text: 'hello bob',
			},
			{id: 3, time, kind: 'notice', text: 'New host discovered'},
			{id: 4, time, kind: 'error', text: 'Delivery failed'},
		],
	});
	const {frame, until} = renderApp(service);
	await until((f) => f.includes('Delivery failed'));
	const clock = formatClock(time);
	assert.equal(clock, '13:04:05');
	assert.match(frame(), /13:04:05 <127\.0\.0\.1:7002> \(plain\) hi from bob/v);
	assert.match(frame(), /13:04:05 <alice> hello bob/v);
	assert.match(frame(), /13:04:05 -!- New host discovered/v);
	assert.match(frame(), /13:04:05 ! Delivery failed/v);
	// Oldest first, newest last.
	assert.ok(
		frame().indexOf('hi from bob') < frame().indexOf('Delivery failed'),
	);
});

test('a message from a peer cannot inject escape sequences', async () => {
	const service = new FakeChatService({
		entries: [
			{
				id: 1,
				time,
				kind: 'chat',
				source: {type: 'legacy', address: '127.0.0.1:7002'},
				text: 'evil\u001B[2Jtext',
			},
		],
	});
	const {frame, until} = renderApp(service);
	await until((f) => f.includes('evil'));
	assert.ok(!frame().includes('\u001B[2J'));
	assert.match(frame(), /evil\uFFFD\[2Jtext/v);
});

test('the sidebar lists legacy and unknown hosts by address, with state and age', async () => {
	const service = new FakeChatService({
		hosts: [
			makeHost('127.0.0.1:7002', {status: 'reachable'}),
			makeHost('127.0.0.1:7003', {status: 'unreachable', queued: 2}),
			makeAddress('10.0.0.9:7004', {lastSeen: undefined}),
		],
	});
	const {frame, until} = renderApp(service);
	// Only the reachable legacy host counts as online.
	await until((f) => f.includes('Peers (1/3 online)'));
	for (const pattern of [
		/● 127\.0\.0\.1:7002\n.*│ {3}legacy 12s ago\n/v,
		/● 127\.0\.0\.1:7003 2 queued\n.*│ {3}legacy · unreachable 12s ago\n/v,
		/● 10\.0\.0\.9:7004\n.*│ {3}connecting\n/v,
	]) {
		assert.match(frame(), pattern);
	}
});

test('hosts that do not fit in the sidebar are counted', async () => {
	// One lastSeen for all: the sidebar orders offline hosts by it, and a
	// clock tick while making them would reorder them.
	const lastSeen = Date.now() - 12_000;
	const hosts = Array.from({length: 20}, (_, index) =>
		makeHost(`127.0.0.1:${7100 + index}`, {lastSeen}),
	);
	// 14 rows: a 9-row sidebar holds the title, 3 hosts and the "+n more" row.
	const {frame, until} = renderApp(new FakeChatService({hosts}), 100, 14);
	await until((f) => f.includes('Peers (0/20 online)'));
	assert.ok(frame().includes('127.0.0.1:7102'));
	assert.ok(!frame().includes('127.0.0.1:7103'));
	assert.ok(frame().includes('+17 more'));
});

test('the sidebar and status bar follow a new snapshot', async () => {
	const service = new FakeChatService({
		hosts: [makeHost('127.0.0.1:7002', {status: 'unknown'})],
	});
	const {frame, until} = renderApp(service);
	await until((f) => f.includes('Peers (0/1 online)'));
	assert.match(frame(), /peers 0\/1 online/v);
	service.update({
		hosts: [
			makeHost('127.0.0.1:7002', {status: 'reachable'}),
			makeHost('127.0.0.1:7009', {status: 'reachable'}),
		],
	});
	await until((f) => f.includes('Peers (2/2 online)'));
	assert.ok(frame().includes('127.0.0.1:7009'));
	assert.match(frame(), /peers 2\/2 online/v);
});

test('the status bar shows nick·fingerprint@address and drops only when non-zero', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		listening: {host: '::1', port: 7001},
	});
	const {frame, until} = renderApp(service);
	await until((f) => f.includes('@[::1]:7001'));
	const {fingerprint} = service.getSnapshot().identity;
	assert.ok(frame().includes(`alice·${fingerprint}@[::1]:7001`), frame());
	assert.ok(!frame().includes('dropped'));
	assert.ok(!frame().includes('bad signatures'));
	service.update({
		counters: {
			...service.getSnapshot().counters,
			malformed: 2,
			oversized: 1,
			badSignatures: 4,
			linkErrors: 5,
		},
	});
	// 100 columns: too narrow for each count, so one total (2 + 1 + 4 + 5).
	await until((f) => f.includes('dropped 12'));
	assert.ok(!frame().includes('bad signatures'));
	const wide = renderApp(service, 160);
	await wide.until((f) => f.includes('bad signatures 4'));
	assert.match(wide.frame(), /bad signatures 4 · link errors 5 · dropped 3/v);
});

test('a narrow terminal hides the sidebar; layout fills rows - 1', async () => {
	const service = new FakeChatService({
		hosts: [makeHost('127.0.0.1:7002')],
	});
	const wide = renderApp(service, 100, 20);
	await wide.until((f) => f.includes('Peers (0/1 online)'));
	assert.equal(wide.frame().split('\n').length, 19);
	wide.unmount();
	const narrow = renderApp(service, 50, 12);
	await narrow.until((f) => f.includes('peers 0/1 online'));
	assert.ok(!narrow.frame().includes('Peers'));
	assert.equal(narrow.frame().split('\n').length, 11);
	narrow.unmount();
	// Narrower still: the peer count and the legacy warning outlast our name.
	const thin = renderApp(service, 40, 12);
	await thin.until((f) => f.includes('peers 0/1'));
	assert.match(thin.frame(), /encrypted except 1 legacy · peers 0\/1/v);
});

test('a resize of stdout reflows the layout', async () => {
	const service = new FakeChatService();
	// Only the height comes from stdout here: its width is fixed at 100.
	const instance = render(<App service={service} size={{columns: 100}} />);
	const frame = () => instance.lastFrame() ?? '';
	// Ink-testing-library's stdout has no rows; give it some, as a terminal has.
	const {stdout} = instance;
	Object.assign(stdout, {rows: 24});
	stdout.emit('resize');
	await waitFor(() => frame().includes('me·'), frame);
	assert.equal(frame().split('\n').length, 23);
	Object.assign(stdout, {rows: 10});
	stdout.emit('resize');
	await waitFor(() => frame().split('\n').length === 9, frame);
});
