import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {render, cleanup} from 'ink-testing-library';
import App from '../../source/app.js';
import {runLine} from '../../source/commands/run-command.js';
import {helpLines} from '../../source/commands/command-table.js';
import {parseCommand} from '../../source/commands/parse-command.js';
import {
	FakeChatService,
	fakeIdentity,
	makeHost,
	makeNativeHost,
	makeOfflinePeer,
} from '../helpers/fake-service.js';
import {keys, press, waitFor} from './terminal-helpers.js';

afterEach(cleanup);

let quits = 0;
const quit = () => {
	quits++;
};

const bob1 = fakeIdentity('bob-1');
const bob2 = fakeIdentity('bob-2');
const self = fakeIdentity('self');

function service() {
	return new FakeChatService({
		nick: 'alice',
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob-1'}),
			makeHost('127.0.0.1:7003', {status: 'reachable'}),
			makeNativeHost('127.0.0.1:7004', 'carol', {keySeed: 'carol'}),
		],
	});
}

/** Run one typed line and return the notices it logged. */
async function run(chat: FakeChatService, line: string): Promise<string[]> {
	const before = chat.callsOf('note').length;
	await runLine(line, {service: chat, quit});
	return chat
		.callsOf('note')
		.slice(before)
		.map(([text]) => String(text));
}

test('/whois NICK lists the key, fingerprint, address, state, dialect and link', async () => {
	const chat = service();
	assert.deepEqual(await run(chat, '/whois bob'), [
		`bob·${bob1.fingerprint}`,
		`  key ${bob1.publicKey}`,
		`  fingerprint ${bob1.fingerprint}`,
		'  address 127.0.0.1:7002 — online, native, dialed by us',
	]);
	chat.update({
		hosts: [
			makeNativeHost('10.0.0.5:7010', 'bob', {
				keySeed: 'bob-1',
				reach: {kind: 'direct', direction: 'accepted', via: {kind: 'tcp'}},
			}),
		],
	});
	const again = await run(chat, '/whois bob');
	assert.equal(
		again.at(-1),
		'  address 10.0.0.5:7010 — online, native, accepted from them',
	);
	assert.equal(bob1.publicKey.length, 64);
});

test('/whois with two keys behind one nick lists both, and says so', async () => {
	const chat = service();
	chat.update({
		hosts: [
			...chat.getSnapshot().hosts,
			makeOfflinePeer('127.0.0.1:7005', 'bob', {keySeed: 'bob-2'}),
		],
	});
	const lines = await run(chat, '/whois bob');
	assert.equal(
		lines[0],
		'2 keys use the nick bob: check the fingerprint, a nick proves nothing',
	);
	assert.deepEqual(lines.slice(1), [
		`bob·${bob1.fingerprint}`,
		`  key ${bob1.publicKey}`,
		`  fingerprint ${bob1.fingerprint}`,
		'  address 127.0.0.1:7002 — online, native, dialed by us',
		`bob·${bob2.fingerprint}`,
		`  key ${bob2.publicKey}`,
		`  fingerprint ${bob2.fingerprint}`,
		'  address 127.0.0.1:7005 — offline, native, not connected',
	]);
});

test('/whois of our own nick shows us, and a peer using it too', async () => {
	const chat = service();
	assert.deepEqual(await run(chat, '/whois alice'), [
		`alice·${self.fingerprint} (you)`,
		`  key ${self.publicKey}`,
		`  fingerprint ${self.fingerprint}`,
		'  address 127.0.0.1:7001 — this node, listening',
	]);
	chat.update({
		hosts: [
			...chat.getSnapshot().hosts,
			makeNativeHost('127.0.0.1:7006', 'alice', {keySeed: 'mallory'}),
		],
	});
	const lines = await run(chat, '/whois alice');
	assert.match(lines[0] ?? '', /^2 keys use the nick alice/v);
	assert.ok(
		lines.includes(`alice·${self.fingerprint} (you)`),
		lines.join('\n'),
	);
	assert.ok(
		lines.includes(`alice·${fakeIdentity('mallory').fingerprint}`),
		lines.join('\n'),
	);
});

test('/whois with no match, a different case, or no argument', async () => {
	const chat = service();
	assert.deepEqual(await run(chat, '/whois zed'), ['No peer called zed']);
	// Nicks match exactly.
	assert.deepEqual(await run(chat, '/whois Bob'), ['No peer called Bob']);
	// A legacy host has no nick: its address is not one.
	assert.deepEqual(await run(chat, '/whois 127.0.0.1:7003'), [
		'No peer called 127.0.0.1:7003',
	]);
	assert.deepEqual(await run(chat, '/whois'), ['Usage: /whois NICK']);
	assert.deepEqual(await run(chat, '/whois   '), ['Usage: /whois NICK']);
	assert.deepEqual(parseCommand('/WHOIS  bob '), {type: 'whois', peer: 'bob'});
	assert.ok(helpLines.some((line) => line.includes('/whois NICK')));
	assert.equal(quits, 0);
});

test('/whois takes the nick·fingerprint label the screen shows, or a fingerprint alone', async () => {
	const chat = service();
	chat.update({
		hosts: [
			...chat.getSnapshot().hosts,
			makeOfflinePeer('127.0.0.1:7005', 'bob', {keySeed: 'bob-2'}),
		],
	});
	const second = [
		`bob·${bob2.fingerprint}`,
		`  key ${bob2.publicKey}`,
		`  fingerprint ${bob2.fingerprint}`,
		'  address 127.0.0.1:7005 — offline, native, not connected',
	];
	assert.deepEqual(await run(chat, `/whois bob·${bob2.fingerprint}`), second);
	assert.deepEqual(await run(chat, `/whois ${bob2.fingerprint}`), second);
	assert.deepEqual(
		await run(chat, `/whois ${bob2.fingerprint.toUpperCase()}`),
		second,
		'in either case',
	);
	assert.deepEqual(
		await run(chat, `/whois ${bob2.publicKey.slice(0, 20)}`),
		second,
		'or more of the key',
	);
	const [you] = await run(chat, `/whois ${self.fingerprint}`);
	assert.equal(you, `alice·${self.fingerprint} (you)`);
	assert.deepEqual(
		await run(chat, `/whois bob·${bob1.fingerprint.slice(1)}0`),
		[`No peer called bob·${bob1.fingerprint.slice(1)}0`],
	);
	assert.deepEqual(await run(chat, '/whois 00000000'), [
		'No peer called 00000000, nor with a key that starts so',
	]);
});

test('/whois output appears in the message pane', async () => {
	const chat = service();
	const instance = render(
		<App service={chat} size={{columns: 120, rows: 30}} onQuit={quit} />,
	);
	const frame = () => instance.lastFrame() ?? '';
	await waitFor(() => frame().includes('›'), frame);
	await press(instance.stdin, '/whois carol');
	await waitFor(() => frame().includes('/whois carol'), frame);
	await press(instance.stdin, keys.enter);
	await waitFor(() => frame().includes('address 127.0.0.1:7004'), frame);
	const carol = fakeIdentity('carol');
	assert.match(
		frame(),
		new RegExp(String.raw`-!- carol·${carol.fingerprint}`, 'v'),
	);
	assert.ok(frame().includes(`key ${carol.publicKey}`), frame());
	assert.ok(
		frame().includes('address 127.0.0.1:7004 — online, native, dialed by us'),
		frame(),
	);
});
