/**
 * Catch-up between real services (issue 11): a node that was stopped
 * while the others talked gets every line it missed once it links again,
 * each once and marked as caught up; a line written while a node had no
 * peer reaches the others when it links; a line whose signature does not
 * hold is refused inside a sync too, and counted. Nodes on a memory
 * network, each with a real store (catch-up serves lines from it).
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import Database from 'better-sqlite3';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {Transport} from '../../source/node/transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import {decodeFrame, encodeFrame} from '../../source/protocol/native-frames.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

function chatTexts(service: ChatService): string[] {
	return service
		.getSnapshot()
		.entries.flatMap((entry) => (entry.kind === 'chat' ? [entry.text] : []));
}

function caughtUpTexts(service: ChatService): string[] {
	return service
		.getSnapshot()
		.entries.flatMap((entry) =>
			entry.kind === 'chat' && entry.caughtUp ? [entry.text] : [],
		);
}

/**
 * Starts bob (again, after a stop): the same key and store each time,
 * bootstrapped to the node on `port`.
 */
function bobStarter(transport: Transport, folder: string, port: number) {
	const keyPair = newKeyPair();
	return async () =>
		startNode({
			nick: 'bob',
			keyPair,
			transport,
			history: HistoryStore.open(folder),
			bootstrap: [{host: '127.0.0.1', port}],
		});
}

function online(service: ChatService): number {
	return service.getSnapshot().hosts.filter((host) => host.state === 'online')
		.length;
}

test('a node stopped while others talked gets every line it missed, once each, when it is back', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = (name: string) =>
		mkdtempSync(path.join(os.tmpdir(), `p2p-chat-catch-up-${name}-`));
	const alice = await startNode({
		nick: 'alice',
		transport,
		history: HistoryStore.open(folder('alice')),
	});
	t.after(async () => alice.service.stop());
	const startBob = bobStarter(transport, folder('bob'), alice.port);
	let bob = await startBob();
	const carol = await startNode({
		nick: 'carol',
		transport,
		history: HistoryStore.open(folder('carol')),
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	t.after(async () => carol.service.stop());
	await waitFor(() => online(bob.service) === 2, {what: 'bob sees both'});
	await alice.service.send('before, from alice');
	await waitFor(() => chatTexts(bob.service).length === 1, {
		what: 'bob has the first line',
	});
	await bob.service.stop();

	const missed: string[] = [];
	for (let index = 0; index < 20; index++) {
		const text = `while bob was away ${index}`;
		missed.push(text);
		// eslint-disable-next-line no-await-in-loop -- in order, as people type
		await (index % 2 === 0 ? alice : carol).service.send(text);
	}

	bob = await startBob();
	t.after(async () => bob.service.stop());
	await waitFor(
		() => missed.every((text) => chatTexts(bob.service).includes(text)),
		{what: 'bob has every line he missed', timeoutMs: 10_000},
	);
	assert.deepEqual(caughtUpTexts(bob.service).toSorted(), missed.toSorted());
	// Each once, and the line he had before is not fetched again.
	const texts = chatTexts(bob.service);
	assert.equal(texts.length, new Set(texts).size);
	assert.equal(texts.filter((text) => text === 'before, from alice').length, 1);
});

test('a line written while a node had no peer reaches the others when it links', async (t) => {
	const transport = new MemoryNetwork().transport();
	const alone = await startNode({
		nick: 'dave',
		transport,
		history: HistoryStore.open(
			mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-catch-up-dave-')),
		),
	});
	t.after(async () => alone.service.stop());
	const report = await alone.service.send('said to nobody yet');
	assert.equal(report.delivered.length, 0);
	const erin = await startNode({
		nick: 'erin',
		transport,
		history: HistoryStore.open(
			mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-catch-up-erin-')),
		),
		bootstrap: [{host: '127.0.0.1', port: alone.port}],
	});
	t.after(async () => erin.service.stop());
	await waitFor(
		() => caughtUpTexts(erin.service).includes('said to nobody yet'),
		{what: 'the line at erin'},
	);
});

test('a line whose signature was altered in the store that serves it is refused by the node catching up, and counted', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = (name: string) =>
		mkdtempSync(path.join(os.tmpdir(), `p2p-chat-catch-up-${name}-`));
	const aliceFolder = folder('alice');
	const alice = await startNode({
		nick: 'alice',
		transport,
		history: HistoryStore.open(aliceFolder),
	});
	t.after(async () => alice.service.stop());
	const startBob = bobStarter(transport, folder('bob'), alice.port);
	let bob = await startBob();
	await waitFor(() => online(bob.service) === 1, {what: 'bob linked'});
	await bob.service.stop();
	await alice.service.send('a genuine line');
	await alice.service.send('a line with a forged signature');

	// What alice's store will serve: the same signed bytes (so the same
	// id, the one bob asks for), another signature.
	const database = new Database(path.join(aliceFolder, 'history.db'));
	const row = database
		.prepare<[string], {id: string; frame: Uint8Array}>(
			'SELECT id, frame FROM messages WHERE text = ?',
		)
		.get('a line with a forged signature');
	assert.ok(row);
	const frame = decodeFrame(row.frame);
	assert.ok('type' in frame && frame.type === 'chat');
	const signature = Uint8Array.from(frame.envelope.signature);
	signature[0] = signature[0] === 0 ? 1 : 0;
	database
		.prepare('UPDATE messages SET frame = ? WHERE id = ?')
		.run(
			encodeFrame({type: 'chat', envelope: {...frame.envelope, signature}}),
			row.id,
		);
	database.close();

	bob = await startBob();
	t.after(async () => bob.service.stop());
	await waitFor(() => chatTexts(bob.service).includes('a genuine line'), {
		what: 'the genuine line caught up',
	});
	await waitFor(() => bob.service.getSnapshot().counters.badSignatures > 0, {
		what: 'the forged line counted',
	});
	assert.ok(!chatTexts(bob.service).includes('a line with a forged signature'));
});
