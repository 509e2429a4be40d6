import {Buffer} from 'node:buffer';
import test from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
	nativeOpening,
} from '../../source/protocol/native-frames.js';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer} from '../../source/node/signing.js';
import {chatLines, startNode} from '../helpers/legacy-peer.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {waitFor, within} from '../helpers/wait-for.js';

/* eslint-disable no-bitwise -- mulberry32 is made of bit operations */
/** A seeded generator (mulberry32), so a failure can be replayed from its seed. */
function seeded(seed: number) {
	let state = seed;
	return () => {
		state = Math.trunc(state + 0x6d_2b_79_f5);
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/* eslint-enable no-bitwise */

function fuzzFrames(count: number, seed: number): Uint8Array[] {
	const random = seeded(seed);
	const signer = new Signer(newKeyPair());
	const valid = [
		encodeFrame({
			type: 'chat',
			envelope: signer.sign({
				nick: 'n',
				timestamp: 1,
				seq: 1,
				text: 'hello there',
			}),
		}),
		encodeFrame({
			type: 'hello',
			nick: 'n',
			listenPort: 7001,
			proof: new Uint8Array(32),
			acks: true,
			sync: false,
		}),
	];
	const frames: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const base = valid[i % valid.length]!;
		const kind = i % 3;
		if (kind === 0) {
			frames.push(base.subarray(0, Math.floor(random() * base.length)));
		} else if (kind === 1) {
			const copy = Uint8Array.from(base);
			copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
			frames.push(copy);
		} else {
			frames.push(
				Uint8Array.from({length: Math.floor(random() * 200)}, () =>
					Math.floor(random() * 256),
				),
			);
		}
	}

	return frames;
}

test('10,000 random, truncated and mutated frames: the decoder never throws', () => {
	const seed = 20_261_124;
	let rejected = 0;
	for (const frame of fuzzFrames(10_000, seed)) {
		const result = decodeFrame(frame);
		if (isFrameError(result)) rejected++;
	}

	assert.ok(
		rejected > 5000,
		`seed ${seed}: most garbage is refused (refused ${rejected})`,
	);
});

test('a node survives garbage over real links and still chats afterwards', async (t) => {
	const seed = 424_242;
	const node = await startNode();
	t.after(async () => node.service.stop());
	const frames = fuzzFrames(150, seed);
	// Garbage inside encrypted links: each bad frame costs the sender its link.
	for (const [index, frame] of frames.entries()) {
		// eslint-disable-next-line no-await-in-loop
		const peer = await rawNativePeer(node.port, {listenPort: 10_000 + index});
		peer.write(frame);
		peer.destroy();
	}

	// Garbage in place of the handshake, after a correct opening, and raw bytes.
	const random = seeded(seed);
	await Promise.all(
		Array.from({length: 100}, async (_, index) => {
			const bytes = Uint8Array.from(
				{length: 1 + Math.floor(random() * 300)},
				() => Math.floor(random() * 256),
			);
			const socket = net.connect({host: '127.0.0.1', port: node.port});
			socket.on('error', () => undefined);
			await new Promise((resolve) => {
				socket.once('connect', resolve);
			});
			socket.end(
				index % 2 === 0 ? Buffer.concat([nativeOpening, bytes]) : bytes,
			);
			await within(
				new Promise((resolve) => {
					socket.once('close', resolve);
				}),
				3000,
				undefined,
			);
		}),
	);

	const honest = await rawNativePeer(node.port, {
		nick: 'honest',
		listenPort: 9,
	});
	t.after(() => {
		honest.destroy();
	});
	honest.sendChat(
		honest.signer.sign({
			nick: 'honest',
			timestamp: Date.now(),
			seq: 1,
			text: 'after the storm',
		}),
	);
	await waitFor(
		() => chatLines(node.service).includes('127.0.0.1:9> after the storm'),
		{what: `seed ${seed}: a good line`},
	);
	assert.ok(node.service.getSnapshot().counters.linkErrors > 0);
});

test('an extension frame (type 16 and up) this node does not know is skipped; the link stays up', async (t) => {
	assert.deepEqual(decodeFrame(Uint8Array.of(1, 16, 0xff, 0xff)), {
		type: 'skipped',
		code: 16,
	});
	assert.ok(isFrameError(decodeFrame(Uint8Array.of(1, 15))));
	const node = await startNode();
	t.after(async () => node.service.stop());
	const peer = await rawNativePeer(node.port, {nick: 'newer', listenPort: 9});
	t.after(() => {
		peer.destroy();
	});
	peer.write(Uint8Array.of(1, 200, 1, 2, 3));
	peer.sendChat(
		peer.signer.sign({
			nick: 'newer',
			timestamp: Date.now(),
			seq: 1,
			text: 'after an extension',
		}),
	);
	await waitFor(
		() => chatLines(node.service).includes('127.0.0.1:9> after an extension'),
		{what: 'the line after the extension frame'},
	);
	assert.equal(node.service.getSnapshot().counters.linkErrors, 0);
});
