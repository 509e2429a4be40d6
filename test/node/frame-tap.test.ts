/**
 * The frame tap under the protocol inspector (`node/frame-tap.ts`) on real
 * nodes over a memory network: while nobody watches, frames pass it by
 * (no call, no record, the plain verifier in the core); while someone
 * does, each frame read or written becomes a row that says what the core
 * made of it: new, a duplicate (its signature not checked again), a bad
 * signature, bytes that do not decode.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {verifier} from '../../source/node/signing.js';
import {encodeFrame} from '../../source/protocol/native-frames.js';
import type {ChatService} from '../../source/service/chat-service.js';
import type {FrameRow} from '../../source/service/inspector-types.js';
import {startNode} from '../helpers/legacy-peer.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {waitFor} from '../helpers/wait-for.js';

async function linked(service: ChatService, count: number): Promise<void> {
	await waitFor(
		() =>
			service.getSnapshot().hosts.filter((host) => host.state === 'online')
				.length === count,
		{what: `${count} links`},
	);
}

const received = (service: ChatService) =>
	service.getSnapshot().counters.received;

test('with the inspector closed, frames pass the tap by: no call, no record, the plain verifier', async (t) => {
	const transport = new MemoryNetwork().transport();
	const a = await startNode({nick: 'alice', transport});
	const b = await startNode({
		nick: 'bob',
		transport,
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => Promise.all([a.service.stop(), b.service.stop()]));
	const tap = a.service.frameTap;
	// Count every call the links and the runtime make into the tap.
	const calls = {sent: 0, received: 0, judged: 0};
	const sent = tap.sent.bind(tap);
	const receivedFrame = tap.received.bind(tap);
	const judged = tap.judged.bind(tap);
	tap.sent = (...args) => {
		calls.sent++;
		sent(...args);
	};

	tap.received = (...args) => {
		calls.received++;
		receivedFrame(...args);
	};

	tap.judged = (...args) => {
		calls.judged++;
		judged(...args);
	};

	await linked(a.service, 1);
	await Promise.all(
		Array.from({length: 20}, async (_, index) =>
			b.service.send(`line ${index}`),
		),
	);
	await waitFor(() => received(a.service) === 20, {what: 'the lines'});
	await a.service.send('and back');
	assert.equal(tap.watching, false);
	assert.deepEqual(calls, {sent: 0, received: 0, judged: 0}, 'never called');
	assert.equal(tap.recorded, 0);
	assert.equal(
		tap.verifier.verifyChat,
		verifier.verifyChat,
		'no wrapper in the core',
	);
	assert.equal(tap.verifier.verifyAnnouncement, verifier.verifyAnnouncement);
	assert.equal(a.service.inspector.getSnapshot().frames.length, 0);

	// Opened: every frame is recorded, and the core's checks are seen.
	const stop = a.service.inspector.watchFrames();
	assert.equal(tap.watching, true);
	assert.notEqual(tap.verifier.verifyChat, verifier.verifyChat);
	await b.service.send('watched');
	await waitFor(() => received(a.service) === 21, {what: 'the watched line'});
	await waitFor(() => calls.judged > 0 && calls.sent > 0, {what: 'the ack'});
	assert.ok(calls.received > 0);
	assert.ok(tap.recorded >= 2);

	// Closed again: back to nothing, the rows forgotten.
	stop();
	const before = {...calls};
	const {recorded} = tap;
	await b.service.send('unwatched');
	await waitFor(() => received(a.service) === 22, {what: 'the last line'});
	await a.service.send('and back again');
	assert.deepEqual(calls, before);
	assert.equal(tap.recorded, recorded);
	assert.equal(tap.watching, false);
	assert.equal(tap.verifier.verifyChat, verifier.verifyChat);
	await waitFor(() => a.service.inspector.getSnapshot().frames.length === 0, {
		what: 'the rows forgotten',
	});
});

test('what the inspector says of frames read: new and checked, a duplicate unchecked, a bad signature, bytes that do not decode', async (t) => {
	const transport = new MemoryNetwork().transport();
	const node = await startNode({nick: 'alice', transport});
	t.after(async () => node.service.stop());
	const {inspector} = node.service;
	const stop = inspector.watchFrames();
	t.after(stop);
	const peer = await rawNativePeer(node.port, {transport, nick: 'mallory'});
	await linked(node.service, 1);
	const now = Date.now();
	const line = peer.signer.sign({
		nick: 'mallory',
		timestamp: now,
		seq: now,
		text: 'hi there',
	});
	peer.sendChat(line);
	peer.sendChat(line);
	const forged = peer.signer.sign({
		nick: 'mallory',
		timestamp: now,
		seq: now + 1,
		text: 'forged',
	});
	peer.sendChat({...forged, text: 'altered'});
	await waitFor(
		() =>
			received(node.service) === 1 &&
			node.service.getSnapshot().counters.badSignatures === 1,
		{what: 'the lines judged'},
	);
	// An extension this node does not know (type 16 and up): skipped, the link kept.
	peer.write(new Uint8Array([1, 16, 7, 7]));
	// A type below 16 that no version defines: the link is closed over it.
	peer.write(new Uint8Array([1, 15, 0]));
	await waitFor(
		() =>
			inspector.getSnapshot().frames.some((row) => row.type === 'UNREADABLE'),
		{what: 'the unreadable frame'},
	);
	const rows = inspector
		.getSnapshot()
		.frames.filter((row) => row.direction === 'in');
	const pick = (check: (row: FrameRow) => boolean) => {
		const row = rows.find((item) => check(item));
		assert.ok(row, JSON.stringify(rows, undefined, 1));
		return row;
	};

	const label = /^mallory·[\da-f]{8}$/v;
	const hello = pick((row) => row.type === 'HELLO');
	assert.match(hello.link, label);
	assert.equal(hello.verdict, 'accepted');
	assert.equal(hello.hops, 1);

	const chats = rows.filter((row) => row.type === 'CHAT');
	assert.deepEqual(
		chats.map(({signature, verdict, reason, detail}) => ({
			signature,
			verdict,
			reason,
			detail,
		})),
		[
			{
				signature: 'valid',
				verdict: 'new',
				reason: undefined,
				detail: '"hi there"',
			},
			{
				signature: 'unchecked',
				verdict: 'duplicate',
				reason: undefined,
				detail: '"hi there"',
			},
			{
				signature: 'invalid',
				verdict: 'dropped',
				reason: 'bad signature',
				detail: '"altered"',
			},
		],
	);
	assert.match(chats[0]!.origin ?? '', label);
	assert.equal(chats[0]!.hops, 1);
	assert.equal(
		chats[0]!.bytes,
		encodeFrame({type: 'chat', envelope: line}).length,
	);

	const extension = pick((row) => row.type === 'EXTENSION');
	assert.equal(extension.verdict, 'ignored');
	assert.equal(extension.reason, 'type 16, not known here: skipped');
	assert.equal(extension.bytes, 4);
	const unreadable = pick((row) => row.type === 'UNREADABLE');
	assert.equal(unreadable.verdict, 'refused');
	assert.match(unreadable.reason ?? '', /unknown frame type 15/v);

	// Written: our HELLO and announcements (mallory asked for no acks).
	const out = inspector
		.getSnapshot()
		.frames.filter((row) => row.direction === 'out');
	assert.ok(
		out.some(
			(row) =>
				row.type === 'HELLO' && row.verdict === 'sent' && row.origin === 'you',
		),
	);
	assert.ok(
		out.every((row) => row.verdict === 'sent'),
		'nothing of others to relay on one link',
	);
});

test('open on a busy link: the newest 500 frames are kept, and viewers hear of them at most every 100 ms', async (t) => {
	const transport = new MemoryNetwork().transport();
	const a = await startNode({nick: 'alice', transport});
	const b = await startNode({
		nick: 'bob',
		transport,
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => Promise.all([a.service.stop(), b.service.stop()]));
	await linked(a.service, 1);
	const {inspector} = a.service;
	const stop = inspector.watchFrames();
	t.after(stop);
	let told = 0;
	const unsubscribe = inspector.subscribe(() => {
		told++;
	});
	t.after(unsubscribe);
	const started = performance.now();
	await Promise.all(
		Array.from({length: 600}, async (_, index) =>
			b.service.send(`line ${index}`),
		),
	);
	await waitFor(() => received(a.service) === 600, {what: 'the lines'});
	await waitFor(() => inspector.getSnapshot().seen >= 600, {what: 'the rows'});
	const elapsed = performance.now() - started;
	const {frames, seen} = inspector.getSnapshot();
	assert.equal(frames.length, 500);
	assert.equal(frames.at(-1)?.id, seen, 'the newest last');
	assert.deepEqual(
		frames.map((row) => row.id),
		Array.from({length: 500}, (_, index) => seen - 499 + index),
		'the newest 500, in order',
	);
	assert.ok(
		told <= Math.ceil(elapsed / 100) + 2,
		`told ${told} times in ${Math.round(elapsed)} ms`,
	);
	assert.equal(
		frames.filter((row) => row.type === 'CHAT' && row.verdict === 'new').length,
		frames.filter((row) => row.type === 'CHAT').length,
	);
});
