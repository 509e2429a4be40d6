import test from 'node:test';
import assert from 'node:assert/strict';
import {
	chatLines,
	fakeReference,
	rawSend,
	startNode,
} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {addressRows} from '../helpers/rows.js';

test('a raw legacy peer sends to a node: shown, registered, answered like the reference', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());

	const reply = await rawSend(node.port, '9101:hi');
	assert.equal(reply, 'Message received');
	await waitFor(() => chatLines(node.service).length === 1, {what: 'the line'});
	assert.deepEqual(chatLines(node.service), ['127.0.0.1:9101> hi']);
	const [host] = node.service.getSnapshot().hosts;
	assert.equal(host?.id, '127.0.0.1:9101');
	assert.equal(host.kind, 'legacy');
	assert.equal(host.origin, 'inbound');

	// `nc -N` half-closes; `echo | nc` adds a newline; a leading + is accepted.
	assert.equal(
		await rawSend(node.port, '+9101:second\n', {halfClose: true}),
		'Message received',
	);
	await waitFor(() => chatLines(node.service).length === 2, {
		what: 'second line',
	});
	assert.equal(chatLines(node.service)[1], '127.0.0.1:9101> second');
	assert.equal(
		node.service.getSnapshot().hosts.length,
		1,
		'same host, not a new one',
	);
});

test("a node sends to a legacy peer in the seed's exact bytes", async (t) => {
	const reference = await fakeReference();
	const node = await startNode();
	t.after(async () => {
		await node.service.stop();
		await reference.close();
	});

	// The reference announces itself by writing to us with its own port.
	await rawSend(node.port, `${reference.port}:hello node`);
	await waitFor(() => node.service.getSnapshot().hosts.length === 1, {
		what: 'registration',
	});
	const report = await node.service.send('hello reference: how are you?');
	assert.deepEqual(report.delivered, [`127.0.0.1:${reference.port}`]);
	assert.deepEqual(reference.received, [
		`${node.port}:hello reference: how are you?`,
	]);
	assert.equal(addressRows(node.service.getSnapshot())[0]?.status, 'reachable');
});

test('port 0 in a header is shown but not registered (nothing can be sent there)', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	await rawSend(node.port, '0:from nowhere');
	await waitFor(() => chatLines(node.service).length === 1, {what: 'the line'});
	assert.deepEqual(chatLines(node.service), ['127.0.0.1:0> from nowhere']);
	assert.equal(node.service.getSnapshot().hosts.length, 0);
});

test('lines for an unreachable host wait in its outbox and arrive in order when it is back', async (t) => {
	const reference = await fakeReference();
	const {port} = reference;
	await reference.close();
	const node = await startNode({bootstrap: [{host: '127.0.0.1', port}]});
	t.after(async () => node.service.stop());

	await waitFor(
		() => addressRows(node.service.getSnapshot())[0]?.status === 'unreachable',
		{what: 'failed probe'},
	);
	const first = await node.service.send('one');
	const second = await node.service.send('two');
	assert.equal(first.failed.length, 1);
	assert.match(second.failed[0]!.reason, /queued/);
	assert.equal(addressRows(node.service.getSnapshot())[0]?.queued, 2);
	// Both reports say so, but the user is told once, not under every line.
	const told = node.service
		.getSnapshot()
		.entries.filter((entry) => entry.text.startsWith('Not delivered to'));
	assert.equal(told.length, 1, told.map((entry) => entry.text).join(' | '));

	// The host comes back on the same port and writes to us: its backoff ends.
	const back = await fakeReferenceOn(port);
	t.after(async () => back.close());
	await rawSend(node.port, `${port}:I am back`);
	await waitFor(() => back.received.length === 2, {
		what: 'queued lines',
		timeoutMs: 8000,
	});
	assert.deepEqual(back.received, [`${node.port}:one`, `${node.port}:two`]);
	assert.equal(addressRows(node.service.getSnapshot())[0]?.queued, 0);
	assert.ok(
		node.service
			.getSnapshot()
			.entries.some((entry) => entry.text.includes('Delivered a queued line')),
	);

	// It took lines again, so when it goes down again the user hears of it.
	await back.close();
	await node.service.send('three');
	const toldAgain = node.service
		.getSnapshot()
		.entries.filter((entry) => entry.text.startsWith('Not delivered to'));
	assert.equal(
		toldAgain.length,
		2,
		toldAgain.map((entry) => entry.text).join(' | '),
	);
});

async function fakeReferenceOn(port: number) {
	const net = await import('node:net');
	const received: string[] = [];
	const server = net.createServer((socket) => {
		socket.on('error', () => undefined);
		socket.once('data', (chunk) => {
			received.push(chunk.toString('utf8'));
			socket.end('Message received');
		});
	});
	await new Promise<void>((resolve) => {
		server.listen({host: '127.0.0.1', port}, resolve);
	});
	return {
		received,
		async close() {
			await new Promise<void>((resolve) => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
