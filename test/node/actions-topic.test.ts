/**
 * `/me` and `/topic` between real services (issue 12, item 5), and what
 * a legacy host hears of marked lines: actions and topics in the seed's
 * plain text as `* nick ...`, private lines never. Nodes on a memory
 * network; the legacy host writes to bob only, so bob passes it the mesh.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {fakeReference, rawSend, startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

function styled(service: ChatService, text: string) {
	const entry = service
		.getSnapshot()
		.entries.find(
			(item) =>
				(item.kind === 'chat' || item.kind === 'own') && item.text === text,
		);
	return entry && (entry.kind === 'chat' || entry.kind === 'own')
		? {kind: entry.kind, style: entry.style}
		: undefined;
}

test('actions and topics are shown as such on the other nodes; a legacy host hears them as "* nick ..." and hears no private line', async (t) => {
	const transport = new MemoryNetwork().transport();
	const bob = await startNode({nick: 'bob', transport});
	const alice = await startNode({
		nick: 'alice',
		transport,
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	const legacy = await fakeReference({transport});
	t.after(async () => {
		await Promise.all([alice.service.stop(), bob.service.stop()]);
		await legacy.close();
	});
	await waitFor(
		() =>
			alice.service
				.getSnapshot()
				.hosts.some((host) => host.kind === 'peer' && host.state === 'online'),
		{what: 'alice and bob linked'},
	);
	await rawSend(bob.port, `${legacy.port}:hi from the seed`, {transport});
	await waitFor(
		() =>
			bob.service
				.getSnapshot()
				.hosts.some(
					(host) => host.kind === 'legacy' && host.route === 'direct',
				),
		{what: 'bob to serve the legacy host'},
	);

	await alice.service.send('waves at everyone', {action: true});
	await alice.service.send('psst, bob', {to: 'bob'});
	await bob.service.send('waves back', {action: true});
	await bob.service.send('psst, alice', {to: 'alice', action: true});
	await alice.service.setTopic('release on friday');
	await alice.service.send('the last line');

	await waitFor(() => styled(bob.service, 'the last line'), {
		what: 'every line at bob',
	});
	assert.deepEqual(styled(bob.service, 'waves at everyone'), {
		kind: 'chat',
		style: {type: 'action'},
	});
	assert.deepEqual(styled(bob.service, 'release on friday'), {
		kind: 'chat',
		style: {type: 'topic'},
	});
	assert.equal(bob.service.getSnapshot().topic?.text, 'release on friday');
	assert.deepEqual(bob.service.getSnapshot().topic?.by, {
		nick: 'alice',
		fingerprint: alice.service.getSnapshot().identity.fingerprint,
	});
	await waitFor(() => styled(alice.service, 'psst, alice'), {
		what: "bob's private action at alice",
	});
	assert.equal(styled(alice.service, 'psst, alice')?.style?.type, 'private');

	const heard = await waitFor(
		() => {
			const texts = legacy.received.map((message) =>
				message.slice(message.indexOf(':') + 1),
			);
			return texts.includes('<alice> the last line') && texts;
		},
		{what: 'the legacy host to hear the last line'},
	);
	assert.deepEqual(heard, [
		'* alice waves at everyone',
		'* bob waves back',
		'* alice set the topic: release on friday',
		'<alice> the last line',
	]);
});

test('the topic is the newest topic line, everywhere, and a restart keeps it', async (t) => {
	const transport = new MemoryNetwork().transport();
	const bobFolder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-topic-bob-'));
	const bobKey = newKeyPair();
	const startBob = async () =>
		startNode({
			nick: 'bob',
			keyPair: bobKey,
			transport,
			history: HistoryStore.open(bobFolder),
		});
	let bob = await startBob();
	const alice = await startNode({
		nick: 'alice',
		transport,
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	t.after(async () => alice.service.stop());
	await waitFor(
		() =>
			bob.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{what: 'alice and bob linked'},
	);
	await bob.service.setTopic('first');
	await alice.service.setTopic('second');
	await waitFor(() => bob.service.getSnapshot().topic?.text === 'second', {
		what: "alice's newer topic at bob",
	});
	assert.equal(alice.service.getSnapshot().topic?.text, 'second');

	await bob.service.stop();
	bob = await startBob();
	t.after(async () => bob.service.stop());
	assert.equal(bob.service.getSnapshot().topic?.text, 'second');
	assert.equal(bob.service.getSnapshot().topic?.by.nick, 'alice');

	// Cleared: the newest line says there is none.
	await bob.service.setTopic('');
	assert.equal(bob.service.getSnapshot().topic?.text, '');
});
