/**
 * "Delivered" means the peer acknowledged it (issue 10, finding 9): lines
 * written to a link whose peer never confirms them, or whose link dies
 * first, are not reported delivered, and the user is told, once per burst.
 * Real sockets on 127.0.0.1, a hand-driven native peer
 * (`helpers/native-peer.ts`) that takes lines and never acknowledges them.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {PassThrough, Readable} from 'node:stream';
import {runHeadless} from '../../source/headless.js';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {peerKeyOf} from '../../source/protocol/peer-key.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {startNode} from '../helpers/legacy-peer.js';
import {rawNativePeer, type RawNativePeer} from '../helpers/native-peer.js';
import {waitFor, within} from '../helpers/wait-for.js';

/** Short enough for a test; the default is 10 s. */
const mesh = {ackTimeoutMs: 600};

function errors(service: ChatService): string[] {
	return service
		.getSnapshot()
		.entries.flatMap((entry) => (entry.kind === 'error' ? [entry.text] : []));
}

async function linked(service: ChatService, count = 1): Promise<void> {
	await waitFor(
		() =>
			service.getSnapshot().hosts.filter((host) => host.state === 'online')
				.length === count,
		{what: 'the link'},
	);
}

/** A node and a raw native peer linked to it, both gone when `t` ends. */
async function linkedPair(
	t: test.TestContext,
	nodeOptions: Parameters<typeof startNode>[0],
	peerOptions: Parameters<typeof rawNativePeer>[1],
) {
	const node = await startNode(nodeOptions);
	const peer = await rawNativePeer(node.port, peerOptions);
	t.after(async () => {
		peer.destroy();
		await node.service.stop();
	});
	await linked(node.service);
	return {node, peer};
}

function chatFrames(peer: RawNativePeer): number {
	return peer.received.filter((frame) => frame.type === 'chat').length;
}

test('a peer that takes a line and never acknowledges it: not delivered, and the user is told', async (t) => {
	const {node, peer} = await linkedPair(t, {mesh}, {acks: true, nick: 'bob'});

	const report = await within(
		node.service.send('hello there'),
		5000,
		undefined,
	);
	assert.ok(report, 'send() resolved');
	const {delivered, failed} = report;
	assert.deepEqual(delivered, [], 'not reported delivered');
	assert.equal(failed.length, 1);
	assert.equal(chatFrames(peer), 1, 'the line was written to the link');
	assert.match(failed[0]?.reason ?? '', /^not confirmed by bob·[\da-f]{8} /);
	const told = await waitFor(
		() => errors(node.service).find((text) => text.startsWith('Not confirmed')),
		{what: 'the notice'},
	);
	assert.match(
		told,
		/^Not confirmed by bob·[\da-f]{8} \(127\.0\.0\.1:9\): "hello there" \(no acknowledgement within 1 s; it may not have arrived\)\.$/,
	);
});

test('lines written to a link that dies before they are acknowledged: none delivered, one notice for the burst', async (t) => {
	const node = await startNode({mesh: {ackTimeoutMs: 60_000}});
	const peer = await rawNativePeer(node.port, {acks: true, nick: 'bob'});
	t.after(async () => node.service.stop());
	await linked(node.service);

	const sends = Array.from({length: 20}, async (_, index) =>
		node.service.send(`line ${index}`),
	);
	await waitFor(() => chatFrames(peer) === 20, {what: 'the lines on the link'});
	// The peer vanishes with the lines unacknowledged (as a frozen one does,
	// noticed at once here rather than after 8 s of silence).
	peer.destroy();
	const reports = await within(Promise.all(sends), 5000, undefined);
	assert.ok(reports, 'send() resolved');
	for (const report of reports) {
		assert.deepEqual(report.delivered, []);
		assert.match(report.failed[0]?.reason ?? '', /the link closed/);
	}

	await waitFor(() => errors(node.service).length > 0, {what: 'the notice'});
	assert.deepEqual(errors(node.service), [
		String.raw`Not confirmed by bob·${peerKeyOf(peer.keyPair.publicKey).slice(0, 8)} (127.0.0.1:9): 20 lines, from "line 0" to "line 19" (the link closed before it acknowledged; it may not have arrived).`,
	]);
});

test("a line is delivered when the peer acknowledges it; a node acks a peer's own lines, a burst in few frames", async (t) => {
	const a = await startNode({nick: 'alice'});
	const b = await startNode({
		nick: 'bob',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	const peer = await rawNativePeer(a.port, {acks: true, nick: 'carol'});
	t.after(async () => {
		peer.destroy();
		await Promise.all([a.service.stop(), b.service.stop()]);
	});
	await linked(b.service);
	const report = await b.service.send('hi alice');
	assert.deepEqual(report.delivered, [`127.0.0.1:${a.port}`]);
	assert.deepEqual(report.failed, []);

	const seqs = Array.from({length: 200}, (_, index) => 1000 + index);
	for (const seq of seqs) {
		peer.sendChat(
			peer.signer.sign({
				nick: 'carol',
				timestamp: Date.now(),
				seq,
				text: `${seq}`,
			}),
		);
	}

	const acks = () =>
		peer.received.flatMap((frame) => (frame.type === 'ack' ? [frame] : []));
	await waitFor(() => acks().flatMap((ack) => ack.seqs).length === 200, {
		what: 'the acks',
	});
	assert.deepEqual(
		acks().flatMap((ack) => ack.seqs),
		seqs,
	);
	assert.ok(acks().length < 20, `${acks().length} ACK frames for 200 lines`);
});

test('an older peer (no ACK in its HELLO) is sent no ACK and keeps its link; lines to it are "sent"', async (t) => {
	const {node, peer} = await linkedPair(t, {}, {read: true, nick: 'old'});
	peer.sendChat(
		peer.signer.sign({nick: 'old', timestamp: Date.now(), seq: 1, text: 'hi'}),
	);
	await waitFor(
		() =>
			node.service
				.getSnapshot()
				.entries.some((entry) => entry.kind === 'chat' && entry.text === 'hi'),
		{what: "the old peer's line"},
	);
	// An ACK for it would be written before this line (at the end of the
	// turn that took it), so it would have arrived by the time this has.
	const report = await node.service.send('hello old');
	assert.deepEqual(report.delivered, []);
	assert.deepEqual(report.sent, ['127.0.0.1:9']);
	assert.deepEqual(report.failed, []);
	await waitFor(() => chatFrames(peer) === 1, {what: 'the line'});
	assert.ok(!peer.received.some((frame) => frame.type === 'ack'));
	assert.equal(node.service.getSnapshot().hosts[0]?.state, 'online');
});

test('headless --exit-on-eof counts a line no peer acknowledged as not delivered', async (t) => {
	const {node} = await linkedPair(t, {mesh}, {acks: true, nick: 'bob'});
	const output = new PassThrough();
	let printed = '';
	output.on('data', (chunk: Uint8Array) => {
		printed += String(chunk);
	});
	const status = await within(
		runHeadless(node.service, {
			input: Readable.from(['one\ntwo\n']),
			output,
			exitOnEof: true,
		}),
		5000,
		'hung',
	);
	assert.equal(status, 1);
	assert.doesNotMatch(printed, /Delivered to/);
	assert.match(
		printed.trimEnd().split('\n').at(-1) ?? '',
		/^\[ERROR] 2 of 2 lines did not reach every known host\.$/,
	);
});

test('a line typed while no peer is linked reaches no one, and the user is told once', async (t) => {
	const a = await startNode({nick: 'alice'});
	const b = await startNode({
		nick: 'bob',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => b.service.stop());
	await linked(b.service);
	await a.service.stop();
	await waitFor(
		() =>
			!b.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{what: 'the link to go'},
	);
	const first = await b.service.send('anyone?');
	await b.service.send('hello?');
	assert.deepEqual(first, {parts: 1, delivered: [], sent: [], failed: []});
	assert.deepEqual(
		errors(b.service).filter((text) => text.startsWith('Not sent')),
		[
			'Not sent: no peer is linked right now; "anyone?" reached no one (further lines that reach no one are not told again until one gets through).',
		],
	);
});

test('a burst past the bound of lines awaiting acks: the oldest are given up, told once', async (t) => {
	const {node} = await linkedPair(
		t,
		{mesh: {maxAwaitingAcks: 2}},
		{acks: true, nick: 'bob'},
	);
	const sends = Array.from({length: 10}, async (_, index) =>
		node.service.send(`line ${index}`),
	);
	// The 8 oldest are given up at once; the 2 newest wait for their deadline.
	const given = await within(Promise.all(sends.slice(0, 8)), 5000, undefined);
	assert.ok(given, 'the oldest settled at once');
	for (const report of given) {
		assert.deepEqual(report.delivered, []);
		assert.match(report.failed[0]?.reason ?? '', /too many of our lines/);
	}

	const told = errors(node.service);
	assert.equal(told.length, 1, told.join('\n'));
	assert.match(
		told[0] ?? '',
		/^Not confirmed by bob·[\da-f]{8} \(127\.0\.0\.1:9\): "line 0" \(too many of our lines/,
	);
});

test('an author writing beyond its share is paced, not cut: every line arrives and the link stays up', async (t) => {
	const transport = new MemoryNetwork().transport();
	// A share of 2,000 bytes, then 20,000 a second: 100 lines of 400 bytes take about 2 s.
	const {node, peer} = await linkedPair(
		t,
		{
			transport,
			mesh: {relayShare: {burst: 2000, perSecond: 20_000}},
		},
		{transport, nick: 'fast'},
	);
	const text = (index: number) => `${index} `.padEnd(400, 'x');
	const now = Date.now();
	for (let index = 0; index < 100; index++) {
		peer.sendChat(
			peer.signer.sign({
				nick: 'fast',
				timestamp: now,
				seq: now + index,
				text: text(index),
			}),
		);
	}

	await waitFor(() => node.service.getSnapshot().counters.received === 100, {
		timeoutMs: 10_000,
		what: 'all 100 lines',
	});
	const {counters, hosts} = node.service.getSnapshot();
	assert.ok(node.service.stats().paced > 0, 'the link was paced');
	assert.equal(counters.rateLimited, 0, 'nothing dropped');
	assert.equal(counters.linkErrors, 0);
	assert.ok(
		hosts.some((host) => host.kind === 'peer' && host.state === 'online'),
		'the link is still up',
	);
});
