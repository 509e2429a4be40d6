import {Buffer} from 'node:buffer';
import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {
	chatLines,
	fakeReference,
	rawSend,
	startNode,
} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {directPeers, peerNamed} from '../helpers/rows.js';

/** Nodes here talk over memory: what is tested is not the sockets. */
const transport = new MemoryNetwork().transport();

test('three native nodes started as a chain learn each other and link directly', async (t) => {
	const a = await startNode({transport, nick: 'a'});
	const b = await startNode({
		transport,
		nick: 'b',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	const c = await startNode({
		transport,
		nick: 'c',
		bootstrap: [{host: '127.0.0.1', port: b.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop(), c.service.stop()]);
	});

	const direct = (node: typeof a) =>
		directPeers(node.service.getSnapshot())
			.map((host) => host.nick)
			.toSorted((x, y) => String(x).localeCompare(String(y)));

	// C knew only B, A only itself: peer exchange tells each about the other,
	// and with free link slots they link directly.
	await waitFor(
		() =>
			direct(a).length === 2 &&
			direct(b).length === 2 &&
			direct(c).length === 2,
		{what: 'a full triangle of links'},
	);
	assert.deepEqual(direct(a), ['b', 'c']);
	assert.deepEqual(direct(c), ['a', 'b']);
	const learned = peerNamed(a.service.getSnapshot(), 'c');
	assert.equal(learned?.publicKey, c.service.getSnapshot().identity.publicKey);

	const fromC = await c.service.send('hello from C');
	assert.equal(fromC.failed.length, 0);
	assert.deepEqual(
		new Set(fromC.delivered),
		new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]),
	);
	await waitFor(
		() =>
			chatLines(a.service).length === 1 && chatLines(b.service).length === 1,
		{what: 'A and B to receive'},
	);
	assert.deepEqual(chatLines(a.service), [`127.0.0.1:${c.port}> hello from C`]);
	const entry = b.service
		.getSnapshot()
		.entries.find((item) => item.kind === 'chat');
	assert.deepEqual(entry?.source, {
		type: 'native',
		nick: 'c',
		fingerprint: c.service.getSnapshot().identity.fingerprint,
		address: `127.0.0.1:${c.port}`,
	});
});

test('a long line with only native peers is one message: the seed’s form is not made for nobody', async (t) => {
	const alice = await startNode({transport, nick: 'alice'});
	const bob = await startNode({
		transport,
		nick: 'bob',
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	t.after(async () => {
		await Promise.all([alice.service.stop(), bob.service.stop()]);
	});
	await waitFor(() => directPeers(bob.service.getSnapshot()).length === 1, {
		what: 'bob linked to alice',
	});
	const line = 'abcdefghij'.repeat(1000);
	const report = await bob.service.send(line);
	assert.equal(report.parts, 1);
	assert.equal(report.delivered.length, 1, JSON.stringify(report));
	await waitFor(
		() =>
			alice.service
				.getSnapshot()
				.entries.some((entry) => entry.kind === 'chat' && entry.text === line),
		{what: 'the line, whole, at alice'},
	);
});

test('a long line goes to a legacy host as several messages and arrives whole', async (t) => {
	const reference = await fakeReference({transport});
	const node = await startNode({transport});
	t.after(async () => {
		await node.service.stop();
		await reference.close();
	});
	await rawSend(node.port, `${reference.port}:hi`, {transport});
	await waitFor(() => node.service.getSnapshot().hosts[0]?.state === 'legacy', {
		what: 'registration',
	});

	const line = 'abcdefghij'.repeat(1000);
	const report = await node.service.send(line);
	assert.equal(report.parts, 3);
	assert.equal(report.failed.length, 0);
	assert.equal(reference.received.length, 3);
	const texts = reference.received.map((message) =>
		message.slice(`${node.port}:`.length),
	);
	assert.equal(
		texts.join(''),
		line,
		'the parts arrive in order and add up to the line',
	);
	for (const message of reference.received) {
		assert.ok(Buffer.byteLength(message) <= 4096);
	}
});
