/**
 * Decoded keys and signatures are copies (`owned-bytes.ts`): whatever keeps
 * them (the peer book, Plumtree's cache) must not keep the socket chunk
 * the frame was read from.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
	type NativeFrame,
} from '../../source/protocol/native-frames.js';
import {asIp} from '../helpers/ip.js';

/** `frame` encoded inside a larger buffer, as a socket chunk holds it. */
function inChunk(frame: NativeFrame): Uint8Array {
	const bytes = encodeFrame(frame);
	const chunk = new Uint8Array(bytes.length + 60_000);
	chunk.set(bytes, 1000);
	return chunk.subarray(1000, 1000 + bytes.length);
}

function owned(bytes: Uint8Array, length: number): void {
	assert.equal(bytes.length, length);
	assert.equal(
		bytes.buffer.byteLength,
		length,
		'a copy, not a view of the chunk',
	);
}

test('a decoded line, bridged line and announcement hold no view of the chunk they came in', () => {
	const author = new Uint8Array(32).fill(7);
	const signature = new Uint8Array(64).fill(9);
	const chat = decodeFrame(
		inChunk({
			type: 'chat',
			envelope: {
				author,
				nick: 'a',
				timestamp: 1,
				seq: 1,
				text: 'hi',
				signature,
			},
		}),
	);
	assert.ok(!isFrameError(chat) && chat.type === 'chat');
	owned(chat.envelope.author, 32);
	owned(chat.envelope.signature, 64);

	const bridged = decodeFrame(
		inChunk({
			type: 'bridged',
			line: {
				bridge: author,
				bridgeNick: 'b',
				source: {ip: asIp('10.0.0.1'), port: 1248},
				timestamp: 1,
				seq: 1,
				text: 'hi',
				signature,
			},
		}),
	);
	assert.ok(!isFrameError(bridged) && bridged.type === 'bridged');
	owned(bridged.line.bridge, 32);
	owned(bridged.line.signature, 64);

	const announce = decodeFrame(
		inChunk({
			type: 'announce',
			announcement: {
				origin: author,
				version: 1,
				nick: 'a',
				leaving: false,
				links: [{key: author, ip: asIp('10.0.0.2'), port: 7000}],
				legacy: [],
				signature,
			},
		}),
	);
	assert.ok(!isFrameError(announce) && announce.type === 'announce');
	owned(announce.announcement.origin, 32);
	owned(announce.announcement.links[0]!.key, 32);
	owned(announce.announcement.signature, 64);
});
