/**
 * The ACK frame and the HELLO's ACK flag, byte for byte as docs/PROTOCOL.md
 * §5a gives them, and what a node that predates ACK makes of a new HELLO.
 */
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import test from 'node:test';
import c from 'compact-encoding';
import {maxAckedPerFrame} from '../../source/protocol/ack-frames.js';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
} from '../../source/protocol/native-frames.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('an ACK frame is version, type 5, a count and each seq as a uint', () => {
	const frame = {type: 'ack', seqs: [1, 300, 1_733_000_000_000]} as const;
	const bytes = encodeFrame(frame);
	assert.equal(
		hex(bytes),
		['01', '05', '03', '01', 'fd2c01', 'ff0072d97e93010000'].join(''),
	);
	assert.deepEqual(decodeFrame(bytes), frame);
});

test('an ACK of no lines, or of more than the limit, does not decode', () => {
	assert.ok(isFrameError(decodeFrame(Uint8Array.of(1, 5, 0))));
	const over = encodeFrame({
		type: 'ack',
		seqs: Array.from({length: maxAckedPerFrame + 1}, (_, index) => index),
	});
	assert.ok(isFrameError(decodeFrame(over)));
});

test('a HELLO that asks for ACKs writes its port in the 5-byte form; one that does not, as before', () => {
	const hello = {
		type: 'hello',
		nick: 'bob',
		listenPort: 7001,
		proof: new Uint8Array(0),
	} as const;
	const withAcks = encodeFrame({...hello, acks: true, sync: false});
	const without = encodeFrame({...hello, acks: false, sync: false});
	// Version 1, type 1, "bob", port 7001, an empty proof.
	assert.equal(
		hex(withAcks),
		['0101', '03626f62', 'fe591b0000', '00'].join(''),
	);
	assert.equal(hex(without), ['0101', '03626f62', 'fd591b', '00'].join(''));
	assert.deepEqual(decodeFrame(withAcks), {...hello, acks: true, sync: false});
	assert.deepEqual(decodeFrame(without), {
		...hello,
		acks: false,
		sync: false,
	});
});

test('a node that predates ACK or catch-up reads the new HELLOs as the same HELLO', () => {
	for (const sync of [false, true]) {
		const bytes = encodeFrame({
			type: 'hello',
			nick: 'bob',
			listenPort: 7001,
			proof: new Uint8Array(32).fill(7),
			acks: true,
			sync,
		});
		// The version-1 decoder: string, uint, buffer, and nothing left over.
		const state = c.state(2, bytes.length, bytes);
		assert.equal(c.string.decode(state), 'bob');
		assert.equal(c.uint.decode(state), 7001);
		assert.deepEqual(c.buffer.decode(state), new Uint8Array(32).fill(7));
		assert.equal(state.start, state.end);
	}
});

test('a HELLO offering catch-up writes its port in the 9-byte form', () => {
	const hello = {
		type: 'hello',
		nick: 'bob',
		listenPort: 7001,
		proof: new Uint8Array(0),
		acks: true,
		sync: true,
	} as const;
	const bytes = encodeFrame(hello);
	assert.equal(
		hex(bytes),
		['0101', '03626f62', 'ff591b000000000000', '00'].join(''),
	);
	assert.deepEqual(decodeFrame(bytes), hello);
});
