import test from 'node:test';
import assert from 'node:assert/strict';
import {
	actionText,
	maxPrivateBytes,
	privateText,
	readMark,
	topicText,
} from '../../source/protocol/line-marks.js';
import {maxLineBytes} from '../../source/protocol/limits.js';
import {asKey} from '../helpers/key.js';

const recipient = asKey('ab'.repeat(32));

test('actions and topics read back as they were written, CTCP-style', () => {
	assert.equal(actionText('waves'), '\u0001ACTION waves\u0001');
	assert.deepEqual(readMark(actionText('waves at bob')), {
		type: 'action',
		text: 'waves at bob',
	});
	assert.deepEqual(readMark(topicText('release on friday')), {
		type: 'topic',
		text: 'release on friday',
	});
	// An empty topic clears it.
	assert.equal(topicText(''), '\u0001TOPIC\u0001');
	assert.deepEqual(readMark(topicText('')), {type: 'topic', text: ''});
	// IRC clients forgive a missing closing byte on an action.
	assert.deepEqual(readMark('\u0001ACTION waves'), {
		type: 'action',
		text: 'waves',
	});
});

test('text that is not one of the marks is plain, whatever it starts with', () => {
	for (const text of [
		'hello',
		'\u0001VERSION\u0001',
		'\u0001ACTIONS are louder\u0001',
		' \u0001ACTION waves\u0001',
		'',
	]) {
		assert.deepEqual(readMark(text), {type: 'plain', text}, text);
	}
});

test('a private line names its recipient and carries its box; a damaged one is still private, never plain', () => {
	const box = 'AAECAwQFBgcICQ==';
	const text = privateText(recipient, box);
	assert.equal(text, `\u0001PRIVATE v1 ${recipient} ${box}\u0001`);
	assert.deepEqual(readMark(text), {
		type: 'private',
		version: 'v1',
		recipient,
		box,
	});
	for (const damaged of [
		`\u0001PRIVATE v1 ${recipient} not*base64\u0001`,
		`\u0001PRIVATE v1 ${recipient}\u0001`,
		`\u0001PRIVATE v1 ${recipient} ${box} extra\u0001`,
		`\u0001PRIVATE v2 ${recipient} ${box}\u0001`,
	]) {
		const mark = readMark(damaged);
		assert.equal(mark.type, 'private', damaged);
		assert.equal(mark.type === 'private' && mark.box, undefined, damaged);
	}

	// A later version still names the recipient where v1 does, so it can be told it came.
	const later = readMark(`\u0001PRIVATE v2 ${recipient} ${box}\u0001`);
	assert.equal(later.type === 'private' && later.recipient, recipient);
	const unnamed = readMark('\u0001PRIVATE v1 bob AAAA\u0001');
	assert.equal(unnamed.type === 'private' && unnamed.recipient, undefined);
});

test('the longest private text fills a line and no more', () => {
	const boxOf = (bytes: number) =>
		'A'.repeat(Math.ceil((bytes + 24 + 16 + 32) / 3) * 4);
	const longest = privateText(recipient, boxOf(maxPrivateBytes));
	assert.ok(new TextEncoder().encode(longest).length <= maxLineBytes);
	const over = privateText(recipient, boxOf(maxPrivateBytes + 1));
	assert.ok(new TextEncoder().encode(over).length > maxLineBytes);
});
