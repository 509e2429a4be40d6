/**
 * FEATURES, DIGEST and WANT byte for byte as docs/PROTOCOL.md §9a gives
 * them, a digest rebuilt onto the announcement it names (and not onto
 * another), and the refusals a decoder owes a short or padded frame.
 */
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import test from 'node:test';
import {
	digestOf,
	expandDigest,
	type Announcement,
} from '../../source/protocol/gossip-messages.js';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
} from '../../source/protocol/native-frames.js';
import {asIp} from '../helpers/ip.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function announcement(version: number, mark: number): Announcement {
	return {
		origin: new Uint8Array(32).fill(0xaa),
		version,
		nick: 'bob',
		leaving: false,
		links: [
			{key: new Uint8Array(32).fill(0xbb), ip: asIp('10.0.0.2'), port: 7002},
		],
		legacy: [],
		signature: new Uint8Array(64).fill(mark),
	};
}

test('FEATURES is type 40 and a bit set; WANT is type 42 and an origin', () => {
	const features = {type: 'features', bits: 1} as const;
	assert.equal(hex(encodeFrame(features)), '012801');
	assert.deepEqual(decodeFrame(encodeFrame(features)), features);
	const want = {type: 'want', origin: new Uint8Array(32).fill(0xaa)} as const;
	assert.equal(hex(encodeFrame(want)), `012a${'aa'.repeat(32)}`);
	assert.deepEqual(decodeFrame(encodeFrame(want)), want);
});

test('a DIGEST is type 41: origin, version, 8 bytes of the repeated signature, the new signature (115 bytes)', () => {
	const base = announcement(1_733_000_000_000, 0x11);
	const next = announcement(1_733_000_030_000, 0x22);
	const frame = {type: 'digest', digest: digestOf(next, base)} as const;
	const bytes = encodeFrame(frame);
	assert.equal(bytes.length, 115);
	assert.equal(
		hex(bytes),
		[
			'0129',
			'aa'.repeat(32),
			'ff30e7d97e93010000',
			'11'.repeat(8),
			'22'.repeat(64),
		].join(''),
	);
	const decoded = decodeFrame(bytes);
	assert.ok(!isFrameError(decoded) && decoded.type === 'digest');
	assert.deepEqual(expandDigest(decoded.digest, base), next);
	// Short, or with bytes left over: refused like any frame.
	assert.ok(isFrameError(decodeFrame(bytes.subarray(0, 100))));
	assert.ok(isFrameError(decodeFrame(Uint8Array.of(...bytes, 0))));
});

test('a digest is rebuilt only onto the announcement it names, and only forward', () => {
	const base = announcement(10, 0x11);
	const other = announcement(10, 0x33);
	const digest = digestOf(announcement(20, 0x22), base);
	assert.equal(expandDigest(digest, other), undefined);
	assert.equal(expandDigest(digest, undefined), undefined);
	assert.equal(expandDigest(digest, announcement(20, 0x11)), undefined);
	assert.equal(expandDigest(digest, base)?.version, 20);
});
