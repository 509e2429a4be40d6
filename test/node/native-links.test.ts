import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {
	chatLines,
	fakeReference,
	rawSend,
	startNode,
} from '../helpers/legacy-peer.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {addressRow, directPeers} from '../helpers/rows.js';
import {peersLines} from '../../source/commands/peer-info.js';

/** Nodes here talk over memory: what is tested is not the sockets. */
const transport = new MemoryNetwork().transport();

/** Whether `service` logged a notice or error that contains `text`. */
const said = (service: ChatService, text: string) =>
	service.getSnapshot().entries.some((entry) => entry.text.includes(text));

const line = (nick: string, text: string, seq: number) => ({
	nick,
	timestamp: Date.now(),
	seq,
	text,
});

test('a flipped byte in a signed message is rejected and counted', async (t) => {
	const node = await startNode({transport});
	const peer = await rawNativePeer(node.port, {transport});
	t.after(async () => {
		peer.destroy();
		await node.service.stop();
	});

	const good = peer.signer.sign(line('mallory', 'pay alice 10', 1));
	const text = 'pay alice 99';
	peer.sendChat({...good, text});
	const signature = Uint8Array.from(good.signature);
	signature[10] = (signature[10]! + 1) % 256;
	peer.sendChat({...good, signature});
	peer.sendChat(peer.signer.sign(line('mallory', 'an honest line', 2)));
	await waitFor(() => chatLines(node.service).length === 1, {
		what: 'the honest line',
	});
	assert.deepEqual(chatLines(node.service), ['127.0.0.1:9> an honest line']);
	assert.equal(node.service.getSnapshot().counters.badSignatures, 2);
});

test('a message sent twice is shown once', async (t) => {
	const node = await startNode({transport});
	const peer = await rawNativePeer(node.port, {transport});
	t.after(async () => {
		peer.destroy();
		await node.service.stop();
	});

	const envelope = peer.signer.sign(line('mallory', 'once only', 5));
	peer.sendChat(envelope);
	peer.sendChat(envelope);
	// Two identical lines with different sequence numbers are two messages.
	peer.sendChat(peer.signer.sign(line('mallory', 'once only', 6)));
	// The copy travels ahead of the third line on the same link, so by the
	// time two lines show, it has been judged (and, as a copy, dropped).
	await waitFor(() => chatLines(node.service).length === 2, {
		what: 'delivery',
	});
	assert.deepEqual(chatLines(node.service), [
		'127.0.0.1:9> once only',
		'127.0.0.1:9> once only',
	]);
});

test('a frame that does not decode closes the link; nothing else is affected', async (t) => {
	const node = await startNode({transport});
	const bad = await rawNativePeer(node.port, {transport, nick: 'bad'});
	const good = await rawNativePeer(node.port, {
		transport,
		nick: 'good',
		listenPort: 10,
	});
	t.after(async () => {
		bad.destroy();
		good.destroy();
		await node.service.stop();
	});

	// Below 16: not an extension (those are skipped), so the link is closed.
	bad.write(new Uint8Array([1, 15, 0, 0]));
	await bad.closed;
	good.sendChat(good.signer.sign(line('good', 'still here', 1)));
	await waitFor(() => chatLines(node.service).length === 1, {
		what: 'the good peer',
	});
	assert.ok(
		node.service
			.getSnapshot()
			.entries.some((entry) => entry.text.includes('unknown frame type 15')),
	);
});

test('a wrong secret drops the link and delivers nothing either way', async (t) => {
	const a = await startNode({transport, nick: 'a', secret: 'correct horse'});
	const b = await startNode({
		transport,
		nick: 'b',
		secret: 'wrong horse',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
	});

	await waitFor(() => b.service.getSnapshot().hosts[0]?.state === 'offline', {
		what: 'the failed link',
	});
	const report = await b.service.send('let me in');
	assert.equal(report.delivered.length, 0);
	const intruder = await rawNativePeer(a.port, {transport, secret: 'guess'});
	intruder.sendChat(intruder.signer.sign(line('mallory', 'hello?', 1)));
	await intruder.closed;
	assert.deepEqual(chatLines(a.service), []);
	assert.deepEqual(chatLines(b.service), []);
	assert.ok(a.service.getSnapshot().counters.linkErrors >= 1);
	// Both ends say what is wrong, neither what the secret is.
	await waitFor(
		() =>
			said(a.service, 'wrong network secret') &&
			said(b.service, 'wrong network secret'),
		{what: 'the mismatch told at both ends'},
	);

	assert.ok(!said(b.service, 'correct horse'));
	assert.equal(a.service.getSnapshot().network, 'secret');
});

test('a node without the secret is told the network needs one; the other end, that it has none', async (t) => {
	const a = await startNode({transport, nick: 'a', secret: 'correct horse'});
	const b = await startNode({
		transport,
		nick: 'b',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
	});

	await waitFor(() => said(b.service, 'this network needs a secret'), {
		what: 'the newcomer told',
	});
	await waitFor(() => said(a.service, 'the peer has no network secret'), {
		what: 'the member told',
	});
	assert.ok(
		!said(b.service, 'connection closed'),
		'not a plain "connection closed"',
	);
	// The newcomer tries again and again; it is told once.
	await waitFor(() => b.service.getSnapshot().counters.linkErrors >= 2, {
		timeoutMs: 10_000,
		what: 'a second attempt',
	});
	const told = b.service
		.getSnapshot()
		.entries.filter((entry) =>
			entry.text.includes('this network needs a secret'),
		);
	assert.equal(told.length, 1);
	// Its row for the address it was given says so too (not "never reached").
	const [row] = b.service.getSnapshot().hosts;
	assert.ok(row?.kind === 'address', JSON.stringify(row));
	assert.match(row.refused ?? '', /this network needs a secret/v);
	assert.match(
		peersLines(b.service.getSnapshot()).join('\n'),
		/secret differs/v,
	);
	// Once nothing answers there, the refusal is old news.
	await a.service.stop();
	await waitFor(
		() => {
			const [address] = b.service.getSnapshot().hosts;
			return address?.kind === 'address' && address.refused === undefined;
		},
		{timeoutMs: 20_000, what: 'the refusal forgotten'},
	);
});

test('the right secret links; plain-text input is refused, visibly', async (t) => {
	const a = await startNode({transport, nick: 'a', secret: 'correct horse'});
	const b = await startNode({
		transport,
		nick: 'b',
		secret: 'correct horse',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
	});

	await waitFor(() => b.service.getSnapshot().hosts[0]?.state === 'online', {
		what: 'the link',
	});
	await b.service.send('members only');
	await waitFor(() => chatLines(a.service).length === 1, {what: 'delivery'});
	assert.equal(
		await rawSend(a.port, '9101:plain text', {transport}),
		'Message received',
	);
	await waitFor(() => a.service.getSnapshot().counters.refusedLegacy === 1, {
		what: 'the refusal',
	});
	assert.deepEqual(chatLines(a.service), [`127.0.0.1:${b.port}> members only`]);
	assert.ok(
		a.service
			.getSnapshot()
			.entries.some(
				(entry) =>
					entry.kind === 'error' &&
					/Refused plain-text messages from 127.0.0.1:9101/.test(entry.text),
			),
	);
	const legacy = addressRow(a.service.getSnapshot(), '127.0.0.1:9101');
	assert.equal(legacy?.state, 'legacy');
});

test('a legacy peer and two native nodes: each line shows once everywhere, and the legacy peer hears each line from one node', async (t) => {
	const reference = await fakeReference({transport});
	const a = await startNode({transport, nick: 'a'});
	const b = await startNode({
		transport,
		nick: 'b',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
		await reference.close();
	});

	await waitFor(() => a.service.getSnapshot().hosts[0]?.state === 'online', {
		what: 'the link',
	});
	// The legacy peer writes each line to both, as the seed does to every host it knows.
	await rawSend(a.port, `${reference.port}:hi both`, {transport});
	await rawSend(b.port, `${reference.port}:hi both`, {transport});
	// And one line to A only: B gets it through A, marked unverified.
	await rawSend(a.port, `${reference.port}:hi A`, {transport});
	const texts = (node: typeof a) =>
		node.service
			.getSnapshot()
			.entries.filter((entry) => entry.kind === 'chat')
			.map((entry) => entry.text);
	await waitFor(() => texts(a).length === 2 && texts(b).length === 2, {
		what: 'legacy lines',
	});
	for (const node of [a, b]) {
		assert.deepEqual(texts(node).toSorted(), ['hi A', 'hi both']);
	}

	const bridged = b.service
		.getSnapshot()
		.entries.find((entry) => entry.text === 'hi A');
	assert.equal(bridged?.kind, 'chat');
	assert.equal(bridged.source.type, 'legacy');
	assert.equal(bridged.source.address, `127.0.0.1:${reference.port}`);
	assert.equal(bridged.source.bridge?.nick, 'a');

	// Both know the legacy peer; once each has heard the other's announcement,
	// exactly one of them passes the mesh's lines to it.
	const serving = (node: typeof a) => {
		const row = addressRow(
			node.service.getSnapshot(),
			`127.0.0.1:${reference.port}`,
		);
		return row?.kind === 'legacy' ? row.route : undefined;
	};

	await waitFor(
		() =>
			new Set([serving(a), serving(b)]).size === 2 &&
			[serving(a), serving(b)].includes('direct'),
		{what: 'one node to serve the legacy peer'},
	);
	const bridge = serving(a) === 'direct' ? a : b;
	const other = bridge === a ? b : a;
	const otherNick = other === a ? 'a' : 'b';

	await bridge.service.send('from the bridge');
	await other.service.send('from the other');
	await waitFor(() => reference.received.length >= 2, {
		what: 'the legacy peer to hear both',
	});
	assert.deepEqual(
		new Set(reference.received),
		new Set([
			`${bridge.port}:from the bridge`,
			`${bridge.port}:<${otherNick}> from the other`,
		]),
	);
	assert.equal(reference.received.length, 2);
});

test('simultaneous dials from both sides end with one link', async (t) => {
	const a = await startNode({transport, nick: 'a'});
	const b = await startNode({transport, nick: 'b'});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
	});

	await Promise.all([
		a.service.connect(`127.0.0.1:${b.port}`),
		b.service.connect(`127.0.0.1:${a.port}`),
	]);
	const view = (node: typeof a) => directPeers(node.service.getSnapshot());
	const direction = (node: typeof a) => {
		const [peer] = view(node);
		return peer?.reach.kind === 'direct' ? peer.reach.direction : undefined;
	};

	await waitFor(
		() =>
			view(a).length === 1 &&
			view(b).length === 1 &&
			direction(a) !== direction(b),
		{
			what: 'one agreed link',
		},
	);
	// One TCP connection: dialed on one side, accepted on the other.
	assert.notEqual(direction(a), direction(b));
	await a.service.send('over the one link');
	await waitFor(() => chatLines(b.service).length === 1, {what: 'delivery'});
	assert.equal(a.service.getSnapshot().hosts.length, 1);
});
