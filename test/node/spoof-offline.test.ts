/**
 * Found in a user trial: one unsigned plain-text line naming the address of
 * a native peer that had gone offline turned its row into a legacy host. The
 * node then sent the peer every line in plain text when it came back, and
 * never linked it again. A plain line only claims an address; a native row
 * stays native until a legacy host answers there itself.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {rawSend, startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {addressRow, peerRows} from '../helpers/rows.js';
import {peerKeyOf} from '../../source/protocol/peer-key.js';

/** Nodes here talk over memory: what is tested is not the sockets. */
const transport = new MemoryNetwork().transport();

test('a plain line claiming an offline native peer’s address does not make it legacy', async (t) => {
	const alice = await startNode({transport, nick: 'alice'});
	const bobKeys = newKeyPair();
	let bob = await startNode({
		transport,
		nick: 'bob',
		keyPair: bobKeys,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	const bobAddress = `127.0.0.1:${bob.port}`;
	t.after(async () => {
		await Promise.all([alice.service.stop(), bob.service.stop()]);
	});
	const row = () =>
		peerRows(alice.service.getSnapshot()).find(
			(peer) => peer.address === bobAddress,
		);
	await waitFor(() => row()?.state === 'online', {what: 'bob online at alice'});
	await bob.service.stop();
	await waitFor(() => row()?.left === true, {what: 'bob left, at alice'});

	assert.equal(
		await rawSend(alice.port, `${bob.port}:I am bob, honest`, {transport}),
		'Message received',
	);
	await waitFor(
		() =>
			alice.service
				.getSnapshot()
				.entries.some(
					(entry) => entry.kind === 'chat' && entry.text === 'I am bob, honest',
				),
		{what: 'the plain line shown'},
	);
	assert.equal(row()?.publicKey, peerKeyOf(bobKeys.publicKey));
	assert.notEqual(
		addressRow(alice.service.getSnapshot(), bobAddress)?.kind,
		'legacy',
		'the address is not listed as legacy',
	);

	// Bob comes back on the same port with the same key: a native link, and
	// alice's lines reach him signed, not in plain text.
	bob = await startNode({
		transport,
		nick: 'bob',
		keyPair: bobKeys,
		port: bob.port,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	await waitFor(() => row()?.reach.kind === 'direct', {
		what: 'bob linked again',
	});
	await alice.service.send('welcome back');
	await waitFor(
		() =>
			bob.service
				.getSnapshot()
				.entries.some(
					(entry) =>
						entry.kind === 'chat' &&
						entry.source.type === 'native' &&
						entry.text === 'welcome back',
				),
		{what: 'a signed line at bob'},
	);
	const plain = bob.service
		.getSnapshot()
		.entries.filter(
			(entry) => entry.kind === 'chat' && entry.source.type === 'legacy',
		);
	assert.deepEqual(plain, [], 'bob got nothing in plain text');
});
