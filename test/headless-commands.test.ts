/**
 * Commands in headless mode (issue 12, item 4): a stdin line that starts
 * with `/` runs a command of the UI's table; `//` sends a literal `/`.
 * Headless runs in this process against real services on a memory
 * network, so what the other nodes show can be checked directly.
 */
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import test from 'node:test';
import {formatEntry, runHeadless} from '../source/headless.js';
import {MemoryNetwork} from '../source/node/memory-transport.js';
import type {ChatService} from '../source/service/chat-service.js';
import {startNode} from './helpers/legacy-peer.js';
import {waitFor} from './helpers/wait-for.js';

async function trio(t: test.TestContext) {
	const transport = new MemoryNetwork().transport();
	const alice = await startNode({nick: 'alice', transport});
	const join = async (nick: string) =>
		startNode({
			nick,
			transport,
			bootstrap: [{host: '127.0.0.1', port: alice.port}],
		});
	const bob = await join('bob');
	const carol = await join('carol');
	t.after(async () => {
		await Promise.all(
			[alice, bob, carol].map(async (node) => node.service.stop()),
		);
	});
	const online = (service: ChatService) =>
		service.getSnapshot().hosts.filter((host) => host.state === 'online')
			.length === 2;
	await waitFor(
		() => online(alice.service) && online(bob.service) && online(carol.service),
		{what: 'three nodes linked'},
	);
	return {alice: {...alice, transport}, bob, carol};
}

/** Run `service` headless on `input` to its end; its status and what it printed. */
async function headless(service: ChatService, input: string) {
	const stdin = new PassThrough();
	const stdout = new PassThrough();
	let printed = '';
	stdout.on('data', (chunk: Uint8Array) => {
		printed += chunk.toString();
	});
	stdin.end(input);
	const status = await runHeadless(service, {
		input: stdin,
		output: stdout,
		exitOnEof: true,
	});
	return {status, printed};
}

function chat(service: ChatService) {
	return service.getSnapshot().entries.filter((entry) => entry.kind === 'chat');
}

test('a script can /msg, /me and /nick: a private line piped in never goes out as a public one', async (t) => {
	const {alice, bob, carol} = await trio(t);
	const {status, printed} = await headless(
		alice.service,
		'/msg carol the key is under the mat\n/me waves\n//etc/hosts is a file\n/nick alicia\nafter the nick\n',
	);
	assert.equal(status, 0, printed);
	assert.doesNotMatch(printed, /\[ERROR\]/v);

	await waitFor(
		() => chat(bob.service).some((entry) => entry.text === 'after the nick'),
		{what: 'the last line at bob'},
	);
	assert.deepEqual(
		chat(bob.service).map((entry) => [
			entry.source.type === 'native' && entry.source.nick,
			entry.text,
			entry.style?.type,
		]),
		[
			['alice', 'waves', 'action'],
			['alice', '/etc/hosts is a file', undefined],
			['alicia', 'after the nick', undefined],
		],
	);
	const secret = await waitFor(
		() =>
			chat(carol.service).find(
				(entry) => entry.text === 'the key is under the mat',
			),
		{what: 'the private line at carol'},
	);
	assert.equal(secret.style?.type, 'private');

	// Carol's node, headless, would print it in the reference's words.
	const address = `127.0.0.1:${alice.port}`;
	const print = alice.service.getSnapshot().identity.fingerprint;
	assert.equal(
		formatEntry(secret),
		`[SERVER] Private from ${address} (alice·${print}): the key is under the mat`,
	);
	const action = chat(carol.service).find((entry) => entry.text === 'waves');
	assert.equal(
		action && formatEntry(action),
		`[SERVER] Received from ${address} (alice·${print}): * alice waves`,
	);
});

test('a /msg to a nick nobody has is an [ERROR] line, sends nothing and counts as not delivered', async (t) => {
	const {alice, bob} = await trio(t);
	const {status, printed} = await headless(
		alice.service,
		'/msg nobody are you there\n/topic\nstill here\n',
	);
	assert.equal(status, 1, printed);
	assert.match(printed, /^\[ERROR\] No peer called nobody is known/mv);
	assert.match(printed, /^\[SERVER\] No topic is set/mv);
	assert.match(
		printed,
		/^\[ERROR\] 1 of 2 lines did not reach every known host\.$/mv,
	);
	await waitFor(() => chat(bob.service).length === 1, {what: 'the last line'});
	assert.deepEqual(
		chat(bob.service).map((entry) => entry.text),
		['still here'],
	);
});

test('/quit ends a headless run before the end of its input', async (t) => {
	const {alice, bob} = await trio(t);
	const stdin = new PassThrough();
	const stdout = new PassThrough();
	stdout.resume();
	stdin.write('before quitting\n/quit\nafter quitting\n');
	// The input stays open, as a terminal's would.
	const status = await runHeadless(alice.service, {
		input: stdin,
		output: stdout,
		exitOnEof: false,
	});
	stdin.end();
	assert.equal(status, 0);
	await waitFor(() => chat(bob.service).length === 1, {what: 'the first line'});
	assert.deepEqual(
		chat(bob.service).map((entry) => entry.text),
		['before quitting'],
	);
});

test('a script started with a bootstrap address can /msg at once: the line waits for the mesh to name its recipient, and the lines after it wait their turn', async (t) => {
	const {alice, carol} = await trio(t);
	// Dave has just started: he knows alice's address, and nobody's name yet.
	const dave = await startNode({
		nick: 'dave',
		transport: alice.transport,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	t.after(async () => dave.service.stop());
	const {status, printed} = await headless(
		dave.service,
		'/msg carol first, privately\nsecond, to all\n',
	);
	assert.equal(status, 0, printed);
	await waitFor(
		() => chat(carol.service).some((entry) => entry.text === 'second, to all'),
		{what: "dave's lines at carol"},
	);
	assert.deepEqual(
		chat(carol.service).map((entry) => [entry.text, entry.style?.type]),
		[
			['first, privately', 'private'],
			['second, to all', undefined],
		],
	);
});
