import {Buffer} from 'node:buffer';
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
	chatLines,
	fakeReference,
	rawSend,
	startNode,
} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {addressRow} from '../helpers/rows.js';

test('a stalled host does not delay delivery to the others', async (t) => {
	const stalled = await fakeReference({stall: true});
	const good = await fakeReference();
	const node = await startNode({
		sendTimeoutMs: 1500,
		// The stalled host is learned first: the seed would wait on it before the good one.
		bootstrap: [
			{host: '127.0.0.1', port: stalled.port},
			{host: '127.0.0.1', port: good.port},
		],
	});
	t.after(async () => {
		await node.service.stop();
		await Promise.all([stalled.close(), good.close()]);
	});

	let settled = false;
	const delivery = node.service.send('are you there?').then((report) => {
		settled = true;
		return report;
	});
	await waitFor(() => good.received.length === 1, {
		what: 'the good host',
		timeoutMs: 1200,
	});
	assert.equal(
		settled,
		false,
		'the good host got the line while the stalled one was still being waited on',
	);

	const report = await delivery;
	assert.deepEqual(report.delivered, [`127.0.0.1:${good.port}`]);
	assert.equal(report.failed[0]?.host, `127.0.0.1:${stalled.port}`);
	// It never answers the native opening: it is unreachable, and the line waits for it.
	assert.match(report.failed[0].reason, /no answer|unreachable/);
	const stalledView = addressRow(
		node.service.getSnapshot(),
		`127.0.0.1:${stalled.port}`,
	);
	assert.equal(stalledView?.status, 'unreachable');

	// The next line is not held up either: the stalled host is backing off.
	const next = await node.service.send('second line');
	assert.deepEqual(next.delivered, [`127.0.0.1:${good.port}`]);
	assert.equal(good.received.length, 2);
});

test('100 idle connections do not stop a message from getting through', async (t) => {
	// A read deadline far beyond the test: only eviction of idle sockets can make room.
	const node = await startNode({
		inbound: {readDeadlineMs: 60_000, maxConnections: 32},
	});
	const idle: net.Socket[] = [];
	t.after(async () => {
		for (const socket of idle) socket.destroy();
		await node.service.stop();
	});

	for (let i = 0; i < 100; i++) {
		const socket = net.connect({host: '127.0.0.1', port: node.port});
		socket.on('error', () => undefined);
		idle.push(socket);
	}

	await Promise.all(
		idle.map(
			async (socket) =>
				new Promise((resolve) => {
					socket.once('connect', resolve);
					socket.once('close', resolve);
				}),
		),
	);
	const reply = await rawSend(node.port, '9101:still here', {timeoutMs: 3000});
	assert.equal(reply, 'Message received');
	assert.deepEqual(chatLines(node.service), ['127.0.0.1:9101> still here']);
	assert.ok(
		node.service.getSnapshot().counters.evicted >= 68,
		'idle sockets beyond the cap were closed',
	);
});

test('an idle connection is closed at the read deadline and counted', async (t) => {
	const node = await startNode({inbound: {readDeadlineMs: 200}});
	t.after(async () => node.service.stop());
	const closed = await new Promise<boolean>((resolve) => {
		const socket = net.connect({host: '127.0.0.1', port: node.port});
		socket.on('error', () => undefined);
		const timer = setTimeout(() => {
			socket.destroy();
			resolve(false);
		}, 3000);
		socket.on('close', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
	assert.equal(closed, true);
	assert.equal(node.service.getSnapshot().counters.timedOut, 1);
});

test('oversized input is cut to its first 4096 bytes as the seed does, counted and told; the node keeps working', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	await rawSend(node.port, `9101:${'x'.repeat(10_000)}`).catch(() => '');
	await waitFor(() => node.service.getSnapshot().counters.oversized === 1, {
		what: 'oversized count',
	});
	await waitFor(() => chatLines(node.service).length === 1, {
		what: 'the cut line',
	});
	// The header `9101:` and 4091 of the text: the seed's one 4096-byte read.
	assert.deepEqual(chatLines(node.service), [
		`127.0.0.1:9101> ${'x'.repeat(4091)}`,
	]);
	assert.ok(
		node.service
			.getSnapshot()
			.entries.some(
				(entry) =>
					entry.kind === 'error' && entry.text.includes('first 4096 bytes'),
			),
	);
	assert.equal(await rawSend(node.port, '9101:ok'), 'Message received');
	await waitFor(() => chatLines(node.service).length === 2, {
		what: 'the next line',
	});
});

test('garbage bytes are dropped and counted, never crash the node', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	let seed = 12_345;
	const random = () => {
		// A small LCG: the same garbage on every run.
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};

	const payloads: Uint8Array[] = [
		Buffer.from('no colon here'),
		Buffer.from('99999:port too big'),
		Buffer.from('12ab:bad port'),
		Buffer.from([0x16, 0x03, 0x01, 0x00]),
		Buffer.from([0x00]),
	];
	for (let i = 0; i < 40; i++) {
		const length = 1 + Math.floor(random() * 300);
		payloads.push(
			Buffer.from(Array.from({length}, () => Math.floor(random() * 256))),
		);
	}

	await Promise.all(
		payloads.map(async (payload) =>
			rawSend(node.port, payload).catch(() => ''),
		),
	);
	await waitFor(() => node.service.getSnapshot().counters.malformed >= 5, {
		what: 'malformed count',
	});
	const {counters} = node.service.getSnapshot();
	assert.ok(
		counters.malformed + counters.received >= payloads.length - 1,
		'every payload was accounted for',
	);
	assert.equal(
		await rawSend(node.port, '9101:after the garbage'),
		'Message received',
	);
	await waitFor(
		() => chatLines(node.service).includes('127.0.0.1:9101> after the garbage'),
		{what: 'a good line'},
	);
});

test('a port already in use is a clear error', async (t) => {
	const first = await startNode();
	t.after(async () => first.service.stop());
	await assert.rejects(
		startNode({port: first.port}),
		/port \d+ is already in use/,
	);
});

test('a flood of bad connections is counted in full but cannot flood the log', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	for (let batch = 0; batch < 5; batch++) {
		// eslint-disable-next-line no-await-in-loop -- batches stay under the connection cap
		await Promise.all(
			Array.from({length: 20}, async () =>
				rawSend(node.port, 'GET / HTTP/1.0\r\n\r\n').catch(() => ''),
			),
		);
	}

	await waitFor(() => node.service.getSnapshot().counters.malformed === 100, {
		what: 'all 100 counted',
	});
	const errors = node.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'error');
	assert.ok(errors.length <= 5, `${errors.length} error lines for one address`);
});
