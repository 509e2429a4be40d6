import test from 'node:test';
import assert from 'node:assert/strict';
import {chatLines, startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

test('three nodes in a chain chat and learn each other from inbound messages', async (t) => {
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

	const ids = (node: typeof a) =>
		node.service
			.getSnapshot()
			.hosts.map((host) => host.id)
			.toSorted();

	// Bootstrap hosts are probed at start, before anyone types.
	await waitFor(
		() => c.service.getSnapshot().hosts[0]?.status === 'reachable',
		{what: 'probe of B'},
	);
	assert.deepEqual(ids(a), [], 'A knows nobody until someone writes');

	const fromC = await c.service.send('hello from C');
	assert.deepEqual(fromC.delivered, [`127.0.0.1:${b.port}`]);
	await waitFor(() => chatLines(b.service).length === 1, {
		what: 'B to receive',
	});
	assert.deepEqual(chatLines(b.service), [`127.0.0.1:${c.port}> hello from C`]);
	assert.deepEqual(
		ids(b),
		[`127.0.0.1:${a.port}`, `127.0.0.1:${c.port}`].toSorted(),
	);

	// B now knows A (bootstrap) and C (inbound): its line reaches both.
	const fromB = await b.service.send('hello from B');
	assert.equal(fromB.failed.length, 0);
	assert.equal(fromB.delivered.length, 2);
	await waitFor(
		() =>
			chatLines(a.service).length === 1 && chatLines(c.service).length === 1,
		{what: 'A and C to receive'},
	);
	assert.deepEqual(chatLines(a.service), [`127.0.0.1:${b.port}> hello from B`]);
	assert.deepEqual(ids(a), [`127.0.0.1:${b.port}`]);

	// As in the seed, there is no relaying: A's line reaches B only.
	await a.service.send('hello from A');
	await waitFor(() => chatLines(b.service).length === 2, {
		what: 'B to receive from A',
	});
	assert.deepEqual(chatLines(c.service), [`127.0.0.1:${b.port}> hello from B`]);

	const own = a.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'own');
	assert.deepEqual(
		own.map((entry) => [entry.nick, entry.text]),
		[['a', 'hello from A']],
	);
	assert.equal(
		b.service.getSnapshot().hosts.find((host) => host.port === c.port)?.dialect,
		'legacy',
	);
});

test('a long line is sent as several legacy messages and arrives whole', async (t) => {
	const a = await startNode();
	const b = await startNode({bootstrap: [{host: '127.0.0.1', port: a.port}]});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
	});

	const line = 'abcdefghij'.repeat(1000);
	const report = await b.service.send(line);
	assert.equal(report.parts, 3);
	assert.equal(report.failed.length, 0);
	await waitFor(() => chatLines(a.service).length === 3, {what: 'three parts'});
	const texts = a.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'chat')
		.map((entry) => entry.text);
	assert.equal(
		texts.join(''),
		line,
		'the parts arrive in order and add up to the line',
	);
});
