import test from 'node:test';
import assert from 'node:assert/strict';
import {
	encodeLegacy,
	isLegacyParseError,
	legacyFrameLimit,
	legacyReply,
	normalizeTypedLine,
	parseLegacy,
} from '../../source/protocol/legacy-codec.js';
import {classifyFirstByte} from '../../source/protocol/dialect.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (frame: Uint8Array) => new TextDecoder().decode(frame);
const textOf = (payload: string) => {
	const result = parseLegacy(bytes(payload));
	assert.ok(!isLegacyParseError(result), payload);
	return result.text;
};

// REFERENCE.md, "bytes sent": `<own listening port>:<line>`, no trailing newline.
test('encodes PORT:TEXT with no newline', () => {
	assert.deepEqual(
		encodeLegacy(7001, 'hello').map((frame) => text(frame)),
		['7001:hello'],
	);
});

test('typed lines: newline and CRLF stripped, empty not sent, whitespace-only sent', () => {
	assert.equal(normalizeTypedLine('hi\n'), 'hi');
	assert.equal(normalizeTypedLine('hi\r\n'), 'hi');
	assert.equal(normalizeTypedLine(''), undefined);
	assert.equal(normalizeTypedLine('\n'), undefined);
	assert.equal(normalizeTypedLine('   '), '   ');
});

test('a colon inside the text is kept; the receiver splits at the first colon', () => {
	const [frame] = encodeLegacy(7001, 'time: 12:30');
	assert.equal(text(frame!), '7001:time: 12:30');
	assert.deepEqual(parseLegacy(frame!), {
		port: 7001,
		text: 'time: 12:30',
		registrable: true,
	});
});

test('the reply is "Message received", 16 bytes', () => {
	assert.equal(legacyReply, 'Message received');
	assert.equal(bytes(legacyReply).length, 16);
});

test('receiving: a leading + on the port is accepted', () => {
	assert.deepEqual(parseLegacy(bytes('+9101:hi')), {
		port: 9101,
		text: 'hi',
		registrable: true,
	});
});

test('receiving: port 0 parses but is not registrable', () => {
	assert.deepEqual(parseLegacy(bytes('0:hi')), {
		port: 0,
		text: 'hi',
		registrable: false,
	});
});

test('receiving: port must fit in 16 bits', () => {
	const result = parseLegacy(bytes('65536:hi'));
	assert.ok(isLegacyParseError(result));
	assert.equal(result.error, 'bad-port');
	assert.deepEqual(parseLegacy(bytes('65535:x')), {
		port: 65_535,
		text: 'x',
		registrable: true,
	});
});

test('receiving: no colon is malformed', () => {
	const result = parseLegacy(bytes('hello'));
	assert.ok(isLegacyParseError(result));
	assert.equal(result.error, 'no-colon');
});

test('receiving: a non-numeric port is malformed', () => {
	for (const input of [
		'abc:hi',
		':hi',
		'12a:hi',
		'-1:hi',
		' 1:hi',
		'++1:hi',
		'123456:hi',
	]) {
		const result = parseLegacy(bytes(input));
		assert.ok(isLegacyParseError(result), input);
		assert.equal(result.error, 'bad-port', input);
	}
});

test('receiving: invalid UTF-8 is decoded lossily, not rejected', () => {
	const frame = new Uint8Array([...bytes('7001:a'), 0xff, 0xfe, ...bytes('b')]);
	assert.deepEqual(parseLegacy(frame), {
		port: 7001,
		text: 'a\uFFFD\uFFFDb',
		registrable: true,
	});
});

test('receiving: one trailing newline or CRLF is removed (nc sends one), inner ones kept', () => {
	assert.equal(textOf('7001:hi\r\n'), 'hi');
	assert.equal(textOf('7001:hi\n'), 'hi');
	assert.equal(textOf('7001:a\nb'), 'a\nb');
});

test('receiving: an empty text is well-formed', () => {
	assert.deepEqual(parseLegacy(bytes('7001:')), {
		port: 7001,
		text: '',
		registrable: true,
	});
});

test('a line longer than one frame is split, each part within 4096 bytes, nothing lost', () => {
	const line = 'x'.repeat(10_000);
	const frames = encodeLegacy(7001, line);
	assert.equal(frames.length, 3);
	for (const frame of frames) {
		assert.ok(frame.length <= legacyFrameLimit);
		assert.ok(text(frame).startsWith('7001:'));
	}

	const joined = frames
		.map((frame) => text(frame).slice('7001:'.length))
		.join('');
	assert.equal(joined, line);
	assert.equal(frames[0]!.length, legacyFrameLimit);
});

test('splitting never cuts a multi-byte character or an emoji', () => {
	const line = 'é😀漢'.repeat(1000);
	const frames = encodeLegacy(65_535, line);
	assert.ok(frames.length > 1);
	let joined = '';
	for (const frame of frames) {
		assert.ok(frame.length <= legacyFrameLimit);
		const decoded = new TextDecoder('utf-8', {fatal: true}).decode(frame);
		joined += decoded.slice('65535:'.length);
	}

	assert.equal(joined, line);
});

test('a line of exactly the room left after the header is one frame', () => {
	const room = legacyFrameLimit - '7001:'.length;
	assert.equal(encodeLegacy(7001, 'a'.repeat(room)).length, 1);
	assert.equal(encodeLegacy(7001, 'a'.repeat(room + 1)).length, 2);
});

test('first byte: digits and + are legacy, anything else is not', () => {
	for (const char of '0123456789+') {
		assert.equal(classifyFirstByte(char.codePointAt(0)!), 'legacy', char);
	}

	for (const byte of [0x00, 0x16, 0x2d, 0x3a, 0x41, 0x50, 0xff]) {
		assert.equal(classifyFirstByte(byte), 'other', byte.toString(16));
	}
});

test('a relayed long line names its author in every part, not just the first', () => {
	const line = 'Z'.repeat(10_000);
	const frames = encodeLegacy(43_677, line, '<longer> ');
	assert.ok(frames.length > 2);
	for (const frame of frames) {
		assert.ok(frame.length <= legacyFrameLimit);
		assert.ok(
			text(frame).startsWith('43677:<longer> '),
			text(frame).slice(0, 20),
		);
	}

	const joined = frames
		.map((frame) => text(frame).slice('43677:<longer> '.length))
		.join('');
	assert.equal(joined, line);
});
