import {Buffer} from 'node:buffer';
import test from 'node:test';
import assert from 'node:assert/strict';
import {
	chatLines,
	fakeReference,
	rawSend,
	startNode,
} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

test('three native nodes in a chain link at start and chat over their links', async (t) => {
	const a = await startNode({nick: 'a'});
	const b = await startNode({
		nick: 'b',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	const c = await startNode({
		nick: 'c',
		bootstrap: [{host: '127.0.0.1', port: b.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop(), c.service.stop()]);
	});

	const online = (node: typeof a) =>
		node.service
			.getSnapshot()
			.hosts.filter((host) => host.state === 'online')
			.map((host) => host.nick)
			.toSorted((x, y) => String(x).localeCompare(String(y)));

	// Bootstrap hosts are dialed at start; the dialed node learns the dialer from its HELLO.
	await waitFor(
		() =>
			online(b).length === 2 &&
			online(a).length === 1 &&
			online(c).length === 1,
		{what: 'links'},
	);
	assert.deepEqual(online(a), ['b']);
	assert.deepEqual(online(b), ['a', 'c']);
	assert.deepEqual(online(c), ['b']);

	const fromC = await c.service.send('hello from C');
	assert.deepEqual(fromC.delivered, [`127.0.0.1:${b.port}`]);
	await waitFor(() => chatLines(b.service).length === 1, {
		what: 'B to receive',
	});
	assert.deepEqual(chatLines(b.service), [`127.0.0.1:${c.port}> hello from C`]);
	const entry = b.service
		.getSnapshot()
		.entries.find((item) => item.kind === 'chat');
	assert.equal(entry?.nick, 'c');
	assert.equal(entry?.verified, true);
	assert.equal(
		entry?.fingerprint,
		c.service.getSnapshot().identity.fingerprint,
	);

	const fromB = await b.service.send('hello from B');
	assert.equal(fromB.failed.length, 0);
	await waitFor(
		() =>
			chatLines(a.service).length === 1 && chatLines(c.service).length === 1,
		{what: 'A and C to receive'},
	);
	assert.deepEqual(chatLines(a.service), [`127.0.0.1:${b.port}> hello from B`]);

	// No relaying yet: A's line reaches B only.
	await a.service.send('hello from A');
	await waitFor(() => chatLines(b.service).length === 2, {
		what: 'B to receive from A',
	});
	assert.deepEqual(chatLines(c.service), [`127.0.0.1:${b.port}> hello from B`]);
	const host = a.service.getSnapshot().hosts[0];
	assert.equal(host?.dialect, 'native');
	assert.equal(host?.publicKey, b.service.getSnapshot().identity.publicKey);
	assert.equal(host?.direction, 'accepted');
});

test('a long line goes to a legacy host as several messages and arrives whole', async (t) => {
	const reference = await fakeReference();
	const node = await startNode();
	t.after(async () => {
		await node.service.stop();
		await reference.close();
	});
	await rawSend(node.port, `${reference.port}:hi`);
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
