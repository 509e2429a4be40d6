/**
 * Hardening finding 3: connection slots exhausted by a trickle. Sockets
 * that each sent one byte, or a bare native opening and nothing more, used
 * to hold every slot: new legacy lines and new native peers were refused.
 * Unfinished connections now never keep a newcomer out: one address holds
 * only a few, and the oldest unfinished one makes room.
 */
import {Buffer} from 'node:buffer';
import net from 'node:net';
import test from 'node:test';
import assert from 'node:assert/strict';
import {nativeOpening} from '../../source/protocol/native-frames.js';
import {chatLines, rawSend, startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {peerNamed} from '../helpers/rows.js';

/** `count` sockets to `port` that each write `bytes` and then say nothing. */
async function holdOpen(
	port: number,
	count: number,
	bytes: Uint8Array,
): Promise<net.Socket[]> {
	return Promise.all(
		Array.from(
			{length: count},
			async () =>
				new Promise<net.Socket>((resolve) => {
					const socket = net.connect({host: '127.0.0.1', port}, () => {
						socket.write(bytes);
						resolve(socket);
					});
					socket.on('error', () => {
						resolve(socket);
					});
				}),
		),
	);
}

test('sockets that sent one byte and wait cannot keep a legacy line out', async (t) => {
	const node = await startNode();
	const held = await holdOpen(node.port, 80, Buffer.from('P'));
	t.after(async () => {
		for (const socket of held) socket.destroy();
		await node.service.stop();
	});
	// Every one of them was accepted (more than the node takes at once).
	await waitFor(() => node.service.getSnapshot().counters.evicted >= 16, {
		what: 'the trickle accepted',
	});
	assert.equal(
		await rawSend(node.port, '9101:still heard'),
		'Message received',
	);
	await waitFor(() => chatLines(node.service).length === 1, {
		what: 'the line shown',
	});
	assert.ok(node.service.getSnapshot().counters.evicted > 0);
});

/**
 * `count` bare native openings to `port`, in batches the node's inbound cap
 * takes, each one held until the node answered it (it then waits for a
 * handshake that never comes) or closed it.
 */
async function bareOpenings(
	port: number,
	count: number,
): Promise<net.Socket[]> {
	const held: net.Socket[] = [];
	for (let start = 0; start < count; start += 20) {
		// eslint-disable-next-line no-await-in-loop -- batches stay under the inbound cap
		const batch = await Promise.all(
			Array.from(
				{length: Math.min(20, count - start)},
				async () =>
					new Promise<net.Socket>((resolve) => {
						const socket = net.connect({host: '127.0.0.1', port}, () => {
							socket.write(nativeOpening);
						});
						socket.once('data', () => {
							resolve(socket);
						});
						socket.on('error', () => {
							resolve(socket);
						});
						socket.once('close', () => {
							resolve(socket);
						});
					}),
			),
		);
		held.push(...batch);
	}

	return held;
}

test('bare native openings cannot keep a new native peer out', async (t) => {
	const node = await startNode({nick: 'target'});
	const held = await bareOpenings(node.port, 140);
	t.after(async () => {
		for (const socket of held) socket.destroy();
		await Promise.all([node.service.stop(), peer.service.stop()]);
	});
	const peer = await startNode({
		nick: 'newcomer',
		bootstrap: [{host: '127.0.0.1', port: node.port}],
	});
	await waitFor(
		() => peerNamed(node.service.getSnapshot(), 'newcomer')?.state === 'online',
		// Before the 5 s handshake deadline frees the slots by itself.
		{what: 'the newcomer linked', timeoutMs: 3000},
	);
	const refused = node.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'error');
	assert.ok(refused.length <= 25, `${refused.length} error lines`);
});
