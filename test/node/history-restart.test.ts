/**
 * The conversation survives a restart: lines shown (ours and others') come
 * back in the same order with their authors' times, under a marker where
 * the new run begins, and the nick with them; without a store, nothing is
 * kept. Nodes on a memory network; the stores are real files.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import {newSinceMarker} from '../../source/service/restart-marker.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {peerKeyOf} from '../../source/protocol/peer-key.js';
import {startNode} from '../helpers/legacy-peer.js';
import {peerRows} from '../helpers/rows.js';
import {waitFor} from '../helpers/wait-for.js';

function texts(service: ChatService): string[] {
	return service
		.getSnapshot()
		.entries.flatMap((entry) =>
			entry.kind === 'chat' || entry.kind === 'own'
				? [entry.text]
				: entry.text === newSinceMarker
					? ['--']
					: [],
		);
}

test('a restarted node shows what it had shown, in order and with its nick, then a marker', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-restart-'));
	const keyPair = newKeyPair();
	const alice = await startNode({nick: 'alice', transport});
	t.after(async () => alice.service.stop());
	const startBob = async (nick: string) =>
		startNode({
			nick,
			keyPair,
			transport,
			history: HistoryStore.open(folder),
			bootstrap: [{host: '127.0.0.1', port: alice.port}],
		});

	let bob = await startBob('bob');
	await waitFor(
		() =>
			bob.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{
			what: 'bob linked',
		},
	);
	await alice.service.send('one from alice');
	await waitFor(() => texts(bob.service).includes('one from alice'), {
		what: 'the line at bob',
	});
	await bob.service.send('one from bob');
	bob.service.setNick('robert');
	await alice.service.send('two from alice');
	await waitFor(() => texts(bob.service).includes('two from alice'), {
		what: 'the second line at bob',
	});
	await bob.service.stop();

	// Started again (no --nick given: the caller takes the stored one).
	const store = HistoryStore.open(folder);
	assert.equal(store.nick(), 'robert');
	store.close();
	bob = await startBob('robert');
	t.after(async () => bob.service.stop());
	assert.deepEqual(texts(bob.service), [
		'one from alice',
		'one from bob',
		'two from alice',
		'--',
	]);
	const [first] = bob.service.getSnapshot().entries;
	assert.equal(first?.kind, 'chat');
	assert.equal(
		first.kind === 'chat' && first.source.type === 'native'
			? first.source.nick
			: undefined,
		'alice',
	);

	// A line after the restart follows the marker, and is kept too.
	await waitFor(
		() =>
			bob.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{what: 'bob linked again'},
	);
	await alice.service.send('three from alice');
	await waitFor(() => texts(bob.service).includes('three from alice'), {
		what: 'a line after the restart',
	});
	await bob.service.stop();
	const reader = HistoryStore.open(folder, {readOnly: true});
	assert.deepEqual(
		reader.latest(10).map((line) => `${line.kind} ${line.text}`),
		[
			'native one from alice',
			'own one from bob',
			'native two from alice',
			'native three from alice',
		],
	);
	reader.close();
});

test('a node with no store keeps nothing and shows no marker', async (t) => {
	const transport = new MemoryNetwork().transport();
	const alice = await startNode({nick: 'alice', transport});
	t.after(async () => alice.service.stop());
	await alice.service.send('to no one');
	await alice.service.stop();
	const again = await startNode({nick: 'alice', transport});
	t.after(async () => again.service.stop());
	assert.deepEqual(texts(again.service), []);
});

test('a chain whose first nodes restart heals by itself: the restarted node dials the peers it had met', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-rejoin-'));
	const aliceKeys = newKeyPair();
	let alice = await startNode({
		nick: 'alice',
		keyPair: aliceKeys,
		transport,
		history: HistoryStore.open(folder),
	});
	const bob = await startNode({
		nick: 'bob',
		transport,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	const carol = await startNode({
		nick: 'carol',
		transport,
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	t.after(async () => carol.service.stop());
	const online = (service: ChatService, nick: string) =>
		service
			.getSnapshot()
			.hosts.some(
				(host) =>
					host.kind === 'peer' && host.nick === nick && host.state === 'online',
			);
	await waitFor(() => online(alice.service, 'carol'), {
		what: 'alice to see carol',
	});
	await alice.service.stop();
	await bob.service.stop();

	// Started again as the README says, with no --bootstrap.
	alice = await startNode({
		nick: 'alice',
		keyPair: aliceKeys,
		transport,
		history: HistoryStore.open(folder),
	});
	t.after(async () => alice.service.stop());
	await waitFor(
		() => online(alice.service, 'carol') && online(carol.service, 'alice'),
		{timeoutMs: 10_000, what: 'alice and carol linked again'},
	);
	await carol.service.send('carol after the restart');
	await waitFor(
		() => texts(alice.service).includes('carol after the restart'),
		{
			what: "carol's line at alice",
		},
	);
});

test('two nodes: the one that bootstrapped rejoins the other after a restart, with no --bootstrap', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-rejoin-'));
	const keyPair = newKeyPair();
	const bob = await startNode({nick: 'bob', transport});
	t.after(async () => bob.service.stop());
	let alice = await startNode({
		nick: 'alice',
		keyPair,
		transport,
		history: HistoryStore.open(folder),
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	const linked = () =>
		alice.service
			.getSnapshot()
			.hosts.some(
				(host) =>
					host.kind === 'peer' &&
					host.nick === 'bob' &&
					host.state === 'online',
			);
	await waitFor(linked, {what: 'alice linked to bob'});
	await alice.service.stop();
	alice = await startNode({
		nick: 'alice',
		keyPair,
		transport,
		history: HistoryStore.open(folder),
	});
	t.after(async () => alice.service.stop());
	await waitFor(linked, {timeoutMs: 10_000, what: 'alice back with bob'});
});

test('a peer shown as left that comes back (its key in an announcement again) is online again, and lines flow both ways', async (t) => {
	const transport = new MemoryNetwork().transport();
	const aliceKeys = newKeyPair();
	const aliceKey = peerKeyOf(aliceKeys.publicKey);
	let alice = await startNode({nick: 'alice', keyPair: aliceKeys, transport});
	const bob = await startNode({
		nick: 'bob',
		transport,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	t.after(async () => bob.service.stop());
	const carol = await startNode({
		nick: 'carol',
		transport,
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	t.after(async () => carol.service.stop());
	const aliceAtCarol = () =>
		peerRows(carol.service.getSnapshot()).find(
			(peer) => peer.publicKey === aliceKey,
		);
	await waitFor(() => aliceAtCarol()?.state === 'online', {
		what: 'carol sees alice',
	});
	await alice.service.stop();
	await waitFor(() => aliceAtCarol()?.left === true, {
		what: 'alice left, at carol',
	});

	// Back with the same key, on another port, knowing only bob (no
	// history: she does not dial carol from a stored list).
	alice = await startNode({
		nick: 'alice',
		keyPair: aliceKeys,
		transport,
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	t.after(async () => alice.service.stop());
	await waitFor(
		() => aliceAtCarol()?.state === 'online' && aliceAtCarol()?.left === false,
		{what: 'alice online again at carol', timeoutMs: 10_000},
	);
	await carol.service.send('carol to the returned alice');
	await waitFor(
		() => texts(alice.service).includes('carol to the returned alice'),
		{what: "carol's line at alice"},
	);
	await alice.service.send('alice is back');
	await waitFor(() => texts(carol.service).includes('alice is back'), {
		what: "alice's line at carol",
	});
});
