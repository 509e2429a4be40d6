/**
 * The sidebar through Ink: online peers first, peers gone a while folded
 * into one line, and the peers a restarted node is rejoining listed by key
 * (with the nick each had, as that) instead of "none yet".
 */
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {
	FakeChatService,
	makeAddress,
	makeNativeHost,
	makeOfflinePeer,
} from '../helpers/fake-service.js';
import {renderApp} from './render-app.js';

afterEach(cleanup);

/** The sidebar's column of `frame`, one string per row. */
const sidebar = (frame: string) =>
	frame
		.split('\n')
		.map((row) => row.split('│')[1]?.trim() ?? '')
		.filter((row) => row !== '');

test('online peers come first; peers gone a while are one line', async () => {
	const hour = 3_600_000;
	const service = new FakeChatService({
		hosts: [
			makeOfflinePeer('127.0.0.1:7002', 'dave', {
				lastSeen: Date.now() - 20_000,
			}),
			makeOfflinePeer('127.0.0.1:7003', 'erin', {
				left: true,
				lastSeen: Date.now() - hour,
			}),
			makeOfflinePeer('127.0.0.1:7004', 'frank', {lastSeen: Date.now() - hour}),
			makeAddress('127.0.0.1:7005'),
			makeNativeHost('127.0.0.1:7006', 'bob'),
		],
	});
	const {until, frame} = renderApp(service, 100, 24);
	await until((f) => f.includes('gone a while'));
	const rows = sidebar(frame());
	assert.match(rows[0] ?? '', /^Peers \(1\/5 online\)/v);
	assert.match(rows[1] ?? '', /^● bob·/v, 'online first');
	const order = ['bob·', '127.0.0.1:7005', 'dave·'].map((text) =>
		rows.findIndex((row) => row.includes(text)),
	);
	assert.deepEqual(
		order,
		order.toSorted((a, b) => a - b),
		rows.join('\n'),
	);
	assert.ok(!frame().includes('erin'), 'folded');
	assert.ok(!frame().includes('frank'), 'folded');
	assert.ok(rows.includes('2 gone a while (/peers)'), rows.join('\n'));
});

test('a restarted node lists the peers it is rejoining, by key, not "none yet"', async () => {
	const rejoining = makeOfflinePeer('127.0.0.1:7002', '', {
		state: 'connecting',
		keySeed: 'bob',
		rejoining: true,
		lastSeen: Date.now() - 7_200_000,
	});
	const service = new FakeChatService({hosts: [rejoining]});
	const {until, frame} = renderApp(service, 100, 20);
	await until((f) => f.includes('rejoining'));
	const rows = sidebar(frame());
	assert.ok(!frame().includes('none yet'));
	assert.equal(rows[1], `● ${rejoining.fingerprint}`);
	assert.equal(rows[2], '127.0.0.1:7002');
	assert.equal(rows[3], 'connecting · rejoining');
});

test('a peer being rejoined shows the nick it had before the restart, as that', async () => {
	const rejoining = makeOfflinePeer('127.0.0.1:7002', '', {
		state: 'connecting',
		keySeed: 'bob',
		rejoining: true,
		formerNick: 'bob',
		lastSeen: Date.now() - 7_200_000,
	});
	const service = new FakeChatService({hosts: [rejoining]});
	const {until, frame} = renderApp(service, 100, 20);
	await until((f) => f.includes('rejoining'));
	const rows = sidebar(frame());
	assert.equal(rows[1], `● ${rejoining.fingerprint} (was bob)`);
	assert.equal(rows[3], 'connecting · rejoining');
});

test('a peer that refused the rejoin for the network secret says so on its row', async () => {
	const refused = makeOfflinePeer('127.0.0.1:7002', '', {
		keySeed: 'bob',
		rejoining: true,
		formerNick: 'bob',
		refused: 'the peer has no network secret, and this network needs one',
		lastSeen: Date.now() - 7_200_000,
	});
	const service = new FakeChatService({hosts: [refused]});
	const {until, frame} = renderApp(service, 100, 20);
	await until((f) => f.includes('secret differs'));
	const rows = sidebar(frame());
	assert.equal(rows[1], `● ${refused.fingerprint} (was bob)`);
	assert.equal(rows[3], 'offline · secret differs');
});

test('an address whose node refused the link for the network secret says so, not "never reached"', async () => {
	const refused = {
		...makeAddress('127.0.0.1:7005'),
		state: 'offline' as const,
		refused: 'this network needs a secret (--secret, or P2P_CHAT_SECRET)',
	};
	const service = new FakeChatService({hosts: [refused]});
	const {until, frame} = renderApp(service, 100, 20);
	await until((f) => f.includes('secret differs'));
	const rows = sidebar(frame());
	assert.equal(rows[1], '● 127.0.0.1:7005');
	assert.equal(rows[2], 'offline · secret differs');
});
