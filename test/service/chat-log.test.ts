import test from 'node:test';
import assert from 'node:assert/strict';
import {ChatLog} from '../../source/service/chat-log.js';

const entry = (text: string) => ({time: 0, kind: 'notice' as const, text});

test('ids only grow; the log keeps the newest entries up to its limit', () => {
	const log = new ChatLog(10);
	for (let i = 0; i < 25; i++) log.append(entry(`n${i}`));
	assert.equal(log.entries.length, 10);
	assert.deepEqual(
		log.entries.map((item) => item.text),
		Array.from({length: 10}, (_, i) => `n${15 + i}`),
	);
	assert.deepEqual(
		log.entries.map((item) => item.id),
		Array.from({length: 10}, (_, i) => 16 + i),
	);
});

test('a snapshot of the entries never changes after it was taken', () => {
	const log = new ChatLog(3);
	log.append(entry('a'));
	const before = log.entries;
	assert.equal(log.entries, before, 'the same array until something changes');
	log.append(entry('b'));
	log.clear();
	assert.deepEqual(
		before.map((item) => item.text),
		['a'],
	);
	assert.ok(Object.isFrozen(before));
	assert.deepEqual(log.entries, []);
	assert.equal(log.append(entry('c')).id, 3, 'ids are not reused after clear');
});
