/**
 * A room's DHT topic: the same for everyone who names the same room (with
 * the same secret), and unrelated otherwise, so a secret room's topic says
 * nothing of the open room of that name.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {roomNameProblem, roomTopic} from '../../source/node/room-topic.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('one room name, one topic; another name or secret, another topic', () => {
	const open = roomTopic('lobby', undefined);
	assert.equal(open.length, 32);
	assert.equal(hex(roomTopic('lobby', undefined)), hex(open));
	assert.notEqual(hex(roomTopic('lobby2', undefined)), hex(open));
	const secret = roomTopic('lobby', 'sesame');
	assert.notEqual(hex(secret), hex(open));
	assert.equal(hex(roomTopic('lobby', 'sesame')), hex(secret));
	assert.notEqual(hex(roomTopic('lobby', 'other')), hex(secret));
});

test('the topic is ours: not the bare hash of the name another app would use', async () => {
	const {createHash} = await import('node:crypto');
	const bare = createHash('sha256').update('lobby').digest('hex');
	assert.notEqual(hex(roomTopic('lobby', undefined)), bare);
	// Composed and decomposed spellings name one room.
	assert.equal(
		hex(roomTopic('caf\u00E9', undefined)),
		hex(roomTopic('cafe\u0301', undefined)),
	);
});

test('room names: not empty, not huge, no control characters', () => {
	assert.equal(roomNameProblem('lobby'), undefined);
	assert.match(roomNameProblem('  ') ?? '', /needs a name/v);
	assert.match(roomNameProblem('x'.repeat(201)) ?? '', /at most/v);
	assert.match(roomNameProblem('a\nb') ?? '', /control/v);
});
