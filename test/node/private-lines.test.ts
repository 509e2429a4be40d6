/**
 * Private lines between real services (issue 12, item 3): alice and carol
 * each hold one link, to bob, so every line between them passes through
 * bob, who relays and keeps it but can read none of it. Nodes on a memory
 * network, each with a real store.
 */
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {Transport} from '../../source/node/transport.js';
import {newKeyPair, type KeyPair} from '../../source/node/identity.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import type {ChatService} from '../../source/service/chat-service.js';
import type {ChatEntry} from '../../source/service/types.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const folder = (name: string) =>
	mkdtempSync(path.join(os.tmpdir(), `p2p-chat-private-${name}-`));

/** One link each, to the node in the middle: it relays everything between them. */
const oneLink = {mesh: {activeLinks: 1, maxLinks: 1}};

type Node = Awaited<ReturnType<typeof startNode>>;

async function chain(
	t: test.TestContext,
	transport: Transport,
	keys: {carol?: KeyPair; carolFolder?: string} = {},
) {
	const folders = {
		alice: folder('alice'),
		bob: folder('bob'),
		carol: keys.carolFolder ?? folder('carol'),
	};
	const bob = await startNode({
		nick: 'bob',
		transport,
		history: HistoryStore.open(folders.bob),
	});
	const joining = async (
		nick: string,
		directory: string,
		keyPair = newKeyPair(),
	) =>
		startNode({
			nick,
			keyPair,
			transport,
			...oneLink,
			history: HistoryStore.open(directory),
			bootstrap: [{host: '127.0.0.1', port: bob.port}],
		});
	const alice = await joining('alice', folders.alice);
	const carol = await joining('carol', folders.carol, keys.carol);
	const running = new Set<Node>([alice, bob, carol]);
	t.after(async () => {
		await Promise.all([...running].map(async (node) => node.service.stop()));
	});
	const stop = async (node: Node) => {
		running.delete(node);
		await node.service.stop();
	};

	await waitFor(
		() => relayed(alice.service, 'carol') && relayed(carol.service, 'alice'),
		{what: 'alice and carol to reach each other through bob'},
	);
	return {alice, bob, carol, folders, stop, joining, running};
}

/** Whether `nick` is online at `service`, reached through another peer. */
function relayed(service: ChatService, nick: string): boolean {
	return service
		.getSnapshot()
		.hosts.some(
			(host) =>
				host.kind === 'peer' &&
				host.nick === nick &&
				host.state === 'online' &&
				host.reach.kind === 'relayed',
		);
}

function entries(service: ChatService): ChatEntry[] {
	return service
		.getSnapshot()
		.entries.filter((entry) => entry.kind !== 'notice');
}

function shows(service: ChatService, text: string): boolean {
	return service
		.getSnapshot()
		.entries.some((entry) => entry.text.includes(text));
}

/** Every byte a profile folder holds (the database, its write-ahead log, ...), as Latin-1. */
function folderBytes(directory: string): string {
	return Buffer.concat(
		readdirSync(directory).map((name) =>
			readFileSync(path.join(directory, name)),
		),
	).toString('latin1');
}

test('a private line is readable by its recipient only: the relay between them shows and stores nothing readable', async (t) => {
	const transport = new MemoryNetwork().transport();
	const {alice, bob, carol, folders, stop} = await chain(t, transport);
	const secret = 'the rendezvous is at the old mill';
	const report = await alice.service.send(secret, {to: 'carol'});
	// Bob took it (he acknowledges the line from alice) without reading it.
	assert.deepEqual(report.delivered, [`127.0.0.1:${bob.port}`]);
	assert.equal(report.failed.length, 0);
	const [received] = await waitFor(
		() => {
			const found = entries(carol.service).filter(
				(entry) => entry.text === secret,
			);
			return found.length > 0 && found;
		},
		{what: 'carol to show the private line'},
	);
	// It passed through bob to reach carol: he has it, and shows none of it.
	assert.ok(!shows(bob.service, 'rendezvous'), 'bob shows nothing of it');
	const aliceIs = alice.service.getSnapshot().identity;
	const carolIs = carol.service.getSnapshot().identity;
	assert.equal(received?.kind, 'chat');
	assert.deepEqual(received?.kind === 'chat' && received.style, {
		type: 'private',
		direction: 'from',
		peer: {nick: 'alice', fingerprint: aliceIs.fingerprint},
	});
	const sent = entries(alice.service).find((entry) => entry.text === secret);
	assert.deepEqual(sent?.kind === 'own' && sent.style, {
		type: 'private',
		direction: 'to',
		peer: {nick: 'carol', fingerprint: carolIs.fingerprint},
	});

	// A public line after it: bob is no slower, only blind to the private one.
	await alice.service.send('and hello everyone');
	await waitFor(() => shows(bob.service, 'and hello everyone'), {
		what: 'the public line at bob',
	});
	assert.ok(!shows(bob.service, 'rendezvous'));
	assert.deepEqual(
		entries(bob.service).map((entry) => entry.text),
		['and hello everyone'],
	);

	await Promise.all([stop(alice), stop(bob), stop(carol)]);
	// Bob keeps the line (catch-up serves it from his store), but not its words.
	assert.ok(!folderBytes(folders.bob).includes('rendezvous'));
	assert.ok(
		folderBytes(folders.carol).includes('rendezvous'),
		'the check can see text',
	);
	const bobStore = HistoryStore.open(folders.bob, {readOnly: true});
	t.after(() => {
		bobStore.close();
	});
	assert.equal(
		bobStore.signedSince(0, 100).length,
		2,
		'both lines, sealed or not',
	);
	assert.equal(bobStore.search('rendezvous', 10).length, 0);
	// Both ends keep it readable, and find it.
	for (const directory of [folders.alice, folders.carol]) {
		const store = HistoryStore.open(directory, {readOnly: true});
		assert.equal(store.search('rendezvous', 10).length, 1, directory);
		store.close();
	}
});

test('after a restart, both ends still show the line as private; the relay still shows nothing', async (t) => {
	const transport = new MemoryNetwork().transport();
	const {alice, bob, carol, folders, stop} = await chain(t, transport);
	await alice.service.send('only for carol', {to: 'carol'});
	await carol.service.send('waves back', {to: 'alice', action: true});
	await waitFor(() => shows(alice.service, 'waves back'), {what: 'the answer'});
	await Promise.all([stop(alice), stop(bob), stop(carol)]);

	const restarted = async (nick: string, directory: string) => {
		const node = await startNode({
			nick,
			transport,
			history: HistoryStore.open(directory),
		});
		t.after(async () => node.service.stop());
		return entries(node.service).map((entry) =>
			entry.kind === 'own' || entry.kind === 'chat'
				? `${entry.kind} ${entry.text} ${JSON.stringify(entry.style ?? {})}`
				: entry.text,
		);
	};

	const carolPrint = carol.service.getSnapshot().identity.fingerprint;
	const alicePrint = alice.service.getSnapshot().identity.fingerprint;
	assert.deepEqual(await restarted('alice', folders.alice), [
		`own only for carol {"type":"private","direction":"to","peer":{"nick":"carol","fingerprint":"${carolPrint}"}}`,
		`chat waves back {"type":"private","direction":"from","peer":{"nick":"carol","fingerprint":"${carolPrint}"},"action":true}`,
	]);
	assert.deepEqual(await restarted('carol', folders.carol), [
		`chat only for carol {"type":"private","direction":"from","peer":{"nick":"alice","fingerprint":"${alicePrint}"}}`,
		`own waves back {"type":"private","direction":"to","peer":{"nick":"alice","fingerprint":"${alicePrint}"},"action":true}`,
	]);
	assert.deepEqual(await restarted('bob', folders.bob), []);
});

test('a private line written while its recipient was away reaches it by catch-up, through a relay that cannot read it', async (t) => {
	const transport = new MemoryNetwork().transport();
	const carolKey = newKeyPair();
	const carolFolder = folder('carol');
	const {alice, bob, carol, stop, joining, running} = await chain(
		t,
		transport,
		{
			carol: carolKey,
			carolFolder,
		},
	);
	await stop(carol);
	// Carol is offline, still known: alice writes to her all the same...
	await alice.service.send('while you were out', {to: 'carol'});
	await waitFor(
		() =>
			bob.service.getSnapshot().counters.received === 0 &&
			bob.service.stats().linesDelivered > 0,
		{what: 'bob to have the line, unshown'},
	);
	// ...and leaves: only bob, who cannot read it, can give it to carol.
	await stop(alice);
	const back = await joining('carol', carolFolder, carolKey);
	running.add(back);
	const line = await waitFor(
		() =>
			entries(back.service).find(
				(entry) => entry.text === 'while you were out',
			),
		{what: 'carol to catch up the private line from bob', timeoutMs: 10_000},
	);
	assert.equal(line.kind, 'chat');
	assert.ok(line.kind === 'chat' && line.caughtUp);
	assert.equal(line.kind === 'chat' && line.style?.type, 'private');
	assert.ok(!shows(bob.service, 'while you were out'));
});
