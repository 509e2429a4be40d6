/**
 * How the mesh shows: which peers are our own links and which are reached
 * through others, legacy hosts another node serves, and legacy lines that
 * another node bridged in.
 */
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {runLine} from '../../source/commands/run-command.js';
import {
	FakeChatService,
	fakeIdentity,
	makeHost,
	makeNativeHost,
} from '../helpers/fake-service.js';
import {renderApp} from './render-app.js';

afterEach(cleanup);

const carol = fakeIdentity('carol');

function meshService(): FakeChatService {
	return new FakeChatService({
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob'}),
			makeNativeHost('127.0.0.1:7003', 'carol', {
				keySeed: 'carol',
				reach: {kind: 'relayed', hops: 3},
			}),
			makeHost('127.0.0.1:9000', {status: 'reachable', route: 'relayed'}),
		],
		entries: [
			{
				id: 1,
				time: Date.now(),
				kind: 'chat',
				source: {
					type: 'legacy',
					address: '127.0.0.1:9000',
					bridge: {nick: 'bob', fingerprint: '1a2b3c4d'},
				},
				text: 'hello from the seed',
			},
		],
	});
}

test('the sidebar says which peers are direct links and how far the others are', async () => {
	const {frame, until} = renderApp(meshService(), 120, 24);
	await until((f) => f.includes('3 hops'));
	const rows = frame().split('\n');
	const after = (name: string) =>
		rows[rows.findIndex((row) => row.includes(name)) + 2] ?? '';
	assert.match(after('bob·'), /online · direct/v);
	assert.match(after('carol·'), /online · 3 hops/v);
	assert.match(
		rows[rows.findIndex((row) => row.includes('● 127.0.0.1:9000')) + 1] ?? '',
		/legacy · via a peer/v,
	);
	assert.match(frame(), /peers 3\/3 online, 1 direct/v);
});

test('a legacy line bridged in by another node names that node', async () => {
	const {frame, until} = renderApp(meshService(), 120, 24);
	await until((f) => f.includes('hello from the seed'));
	assert.match(
		frame(),
		/<127\.0\.0\.1:9000> \(plain via bob·1a2b3c4d\) hello from the seed/v,
	);
});

test('/whois and /peers tell a relayed peer from a direct one', async () => {
	const service = meshService();
	let quits = 0;
	const quit = () => {
		quits++;
	};

	await runLine('/whois carol', {service, quit});
	await runLine('/peers', {service, quit});
	assert.equal(quits, 0);
	const notes = service.callsOf('note').map(([text]) => String(text));
	assert.ok(
		notes.includes(
			'  address 127.0.0.1:7003 — online, native, reached through peers (3 hops)',
		),
		notes.join('\n'),
	);
	assert.ok(notes.some((line) => line.includes(`carol·${carol.fingerprint}`)));
	assert.ok(
		notes.some(
			(line) =>
				line.includes('127.0.0.1:9000') &&
				line.includes('lines passed on by a peer'),
		),
		notes.join('\n'),
	);
});
