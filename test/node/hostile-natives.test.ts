import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import net from 'node:net';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer} from '../../source/node/signing.js';
import {
	encodeFrame,
	nativeOpening,
} from '../../source/protocol/native-frames.js';
import {
	chatLines,
	fakeReference,
	portOf,
	rawSend,
	startNode,
} from '../helpers/legacy-peer.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {waitFor, within} from '../helpers/wait-for.js';
import {asIp} from '../helpers/ip.js';
import {addressRow, directPeers, peerNamed, peerRows} from '../helpers/rows.js';

test('a host that closes without answering the opening is not taken for legacy', async (t) => {
	const silent = net.createServer((socket) => {
		socket.destroy();
	});
	await new Promise<void>((resolve) => {
		silent.listen({host: '127.0.0.1', port: 0}, resolve);
	});
	const node = await startNode({
		bootstrap: [{host: '127.0.0.1', port: portOf(silent)}],
	});
	t.after(async () => {
		await node.service.stop();
		silent.close();
	});
	await waitFor(
		() => {
			const [host] = node.service.getSnapshot().hosts;
			return host?.kind === 'address' && host.status === 'unreachable';
		},
		{what: 'the failed dial'},
	);
	const [host] = node.service.getSnapshot().hosts;
	assert.equal(host?.kind, 'address');
	assert.equal(host?.state, 'offline');
});

test('stop() finishes even when a native peer connects while links are closing', async (t) => {
	const node = await startNode();
	// A pending link stalled in its handshake: the close of links takes a while.
	const stalled = net.connect({host: '127.0.0.1', port: node.port});
	stalled.on('error', () => undefined);
	t.after(() => {
		stalled.destroy();
	});
	await new Promise((resolve) => {
		stalled.once('connect', resolve);
	});
	stalled.write(nativeOpening);
	await new Promise((resolve) => {
		stalled.once('data', resolve);
	});
	const stopped = node.service.stop().then(() => true);
	const late = await rawNativePeer(node.port).catch(() => undefined);
	t.after(() => late?.destroy());
	const result = await within(stopped, 4000, false);
	assert.equal(result, true, 'stop() resolved');
});

test('one address cannot fill the host table with invented ports', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	await Promise.all(
		Array.from({length: 50}, async (_, i) =>
			rawSend(node.port, `${20_000 + i}:hi`),
		),
	);
	await waitFor(() => chatLines(node.service).length === 50, {
		what: 'the lines',
	});
	assert.equal(
		node.service.getSnapshot().hosts.length,
		32,
		'at most 32 hosts per address',
	);
});

test('a length prefix over the frame limit closes the connection at once', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	const socket = net.connect({host: '127.0.0.1', port: node.port});
	socket.on('error', () => undefined);
	t.after(() => {
		socket.destroy();
	});
	await new Promise((resolve) => {
		socket.once('connect', resolve);
	});
	socket.write(nativeOpening);
	// Well before the 5 s handshake deadline, which would close it anyway.
	const closed = within(
		new Promise<boolean>((resolve) => {
			socket.once('close', () => {
				resolve(true);
			});
		}),
		2500,
		false,
	);
	socket.once('data', () => {
		socket.write(
			Buffer.concat([Buffer.from([0xff, 0xff, 0xff]), Buffer.alloc(1000)]),
		);
	});
	assert.equal(await closed, true);
	await waitFor(() => node.service.getSnapshot().counters.linkErrors === 1, {
		what: 'the count',
	});
});

test('a peer cannot take over the address of a linked peer by claiming its port', async (t) => {
	const a = await startNode({nick: 'a'});
	const b = await startNode({
		nick: 'b',
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => Promise.all([a.service.stop(), b.service.stop()]));
	await waitFor(() => a.service.getSnapshot().hosts[0]?.state === 'online', {
		what: 'the link',
	});
	const impostor = await rawNativePeer(a.port, {nick: 'b', listenPort: b.port});
	t.after(() => {
		impostor.destroy();
	});
	await waitFor(
		() =>
			a.service
				.getSnapshot()
				.entries.some((entry) =>
					entry.text.includes('where another peer is linked'),
				),
		{
			what: 'the refusal',
		},
	);
	assert.equal(
		peerRows(a.service.getSnapshot()).find(
			(peer) => peer.address === `127.0.0.1:${b.port}`,
		)?.publicKey,
		b.service.getSnapshot().identity.publicKey,
	);
	await a.service.send('for the real b');
	await waitFor(() => chatLines(b.service).length === 1, {
		what: 'delivery to the real b',
	});
});

test('a HELLO with a nick that could fool a terminal closes the link', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	const peer = await rawNativePeer(node.port, {nick: 'evil\u001B[2J'});
	await peer.closed;
	assert.equal(node.service.getSnapshot().hosts.length, 0);
	assert.ok(node.service.getSnapshot().counters.linkErrors >= 1);
});

test('an old signed line replayed to a node that never saw it is dropped', async (t) => {
	const node = await startNode();
	const peer = await rawNativePeer(node.port);
	t.after(async () => {
		peer.destroy();
		await node.service.stop();
	});
	const hourAgo = Date.now() - 3_600_000;
	peer.sendChat(
		peer.signer.sign({
			nick: 'mallory',
			timestamp: hourAgo,
			seq: hourAgo,
			text: 'old news',
		}),
	);
	peer.sendChat(
		peer.signer.sign({
			nick: 'mallory',
			timestamp: Date.now(),
			seq: Date.now(),
			text: 'fresh',
		}),
	);
	await waitFor(() => chatLines(node.service).length === 1, {
		what: 'the fresh line',
	});
	assert.deepEqual(chatLines(node.service), ['127.0.0.1:9> fresh']);
	assert.equal(node.service.getSnapshot().counters.replayed, 1);
});

test('on a secret network, a line sent while a dial finds a legacy host is settled', async (t) => {
	const reference = await fakeReference();
	const node = await startNode({
		secret: 'members only',
		bootstrap: [{host: '127.0.0.1', port: reference.port}],
	});
	t.after(async () => {
		await node.service.stop();
		await reference.close();
	});
	const report = await node.service.send('not for plain text');
	assert.equal(report.delivered.length, 0);
	assert.deepEqual(reference.received, [], 'nothing in plain text');
});

test('a peer that stops reading is dropped and counted; the others still get every line', async (t) => {
	const node = await startNode({nick: 'sender'});
	const honest = await startNode({
		nick: 'honest',
		bootstrap: [{host: '127.0.0.1', port: node.port}],
	});
	// This peer completes the handshake and then never reads a byte.
	const stuck = await rawNativePeer(node.port, {nick: 'stuck', listenPort: 9});
	stuck.stopReading();
	t.after(async () => {
		stuck.destroy();
		await Promise.all([node.service.stop(), honest.service.stop()]);
	});
	await waitFor(() => directPeers(node.service.getSnapshot()).length === 2, {
		what: 'both links',
	});

	// 240 lines of 30 KB at once (6.9 MiB, under the 8 MiB cap): a backlog
	// that a reader clears in a moment and a peer that does not read keeps
	// (the kernel's socket buffers take a few MB of it, the rest waits).
	const text = 'x'.repeat(30_000);
	for (let index = 0; index < 240; index++) {
		void node.service.send(`${index} ${text}`);
	}

	await waitFor(() => node.service.getSnapshot().counters.slowPeers === 1, {
		timeoutMs: 10_000,
		what: 'the stuck peer to be dropped',
	});
	await waitFor(() => honest.service.getSnapshot().counters.received === 240, {
		timeoutMs: 15_000,
		what: 'every line at the honest peer',
	});
	const row = peerNamed(node.service.getSnapshot(), 'stuck');
	assert.notEqual(row?.state, 'online');
});

test("an announcement cannot take over a legacy host's address", async (t) => {
	const node = await startNode({nick: 'victim'});
	const legacy = await fakeReference();
	const attacker = await rawNativePeer(node.port, {listenPort: 9});
	t.after(async () => {
		attacker.destroy();
		await node.service.stop();
		await legacy.close();
	});
	await rawSend(node.port, `${legacy.port}:hello`);
	const legacyId = `127.0.0.1:${legacy.port}`;
	await waitFor(
		() =>
			node.service.getSnapshot().hosts.find((host) => host.id === legacyId)
				?.state === 'legacy',
		{what: 'the legacy host listed'},
	);

	// The attacker vouches for a made-up peer "at" the legacy host's address,
	// and for a second one elsewhere; both vouch back, so both are reachable.
	const sybil = new Signer(newKeyPair());
	const other = new Signer(newKeyPair());
	const link = (signer: Signer, port: number) => ({
		key: signer.publicKey,
		ip: asIp('127.0.0.1'),
		port,
	});
	const back = {
		key: attacker.keyPair.publicKey,
		ip: asIp('127.0.0.1'),
		port: 9,
	};
	const announce = (signer: Signer, links: Array<typeof back>) =>
		encodeFrame({
			type: 'announce',
			announcement: signer.signAnnouncement({
				version: Date.now(),
				nick: 'sybil',
				leaving: false,
				links,
				legacy: [],
			}),
		});
	attacker.write(
		announce(attacker.signer, [link(sybil, legacy.port), link(other, 9999)]),
	);
	attacker.write(announce(sybil, [back]));
	attacker.write(announce(other, [back]));
	await waitFor(
		() =>
			peerRows(node.service.getSnapshot()).some(
				(peer) => peer.address === '127.0.0.1:9999',
			),
		{what: 'the announcements to be taken in'},
	);
	const row = addressRow(node.service.getSnapshot(), legacyId);
	// The sybil is listed with that address as its claim; the row of the
	// host that answers there stays legacy, and keeps its lines.
	assert.equal(row?.kind, 'legacy');
	await node.service.send('still for you');
	await waitFor(() => legacy.received.length > 0, {
		what: 'the legacy host to still get lines',
	});
});

test('a dial given up before the handshake (opening, then gone) is no link error', async (t) => {
	const node = await startNode();
	t.after(async () => node.service.stop());
	// As the dials that waited on a frozen node look when it wakes up.
	for (const reset of [false, true]) {
		const socket = net.connect({host: '127.0.0.1', port: node.port});
		socket.on('error', () => undefined);
		// eslint-disable-next-line no-await-in-loop -- one after the other
		await new Promise((resolve) => {
			socket.once('connect', resolve);
		});
		socket.write(nativeOpening);
		if (reset) socket.resetAndDestroy();
		else socket.end();
	}

	// The node still works, and what it counted is visible at once.
	const peer = await rawNativePeer(node.port, {nick: 'after'});
	t.after(() => {
		peer.destroy();
	});
	await waitFor(() => node.service.getSnapshot().hosts.length === 1, {
		what: 'a real link after the two abandoned ones',
	});
	const {counters, entries} = node.service.getSnapshot();
	assert.equal(counters.linkErrors, 0);
	assert.deepEqual(
		entries
			.filter((entry) => entry.kind === 'error')
			.map((entry) => entry.text),
		[],
	);
});
