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

test('the log is bounded in bytes too: long lines push out the oldest, the newest always stays', () => {
	const log = new ChatLog(10_000, 1024 * 1024);
	const long = 'x'.repeat(32 * 1024);
	for (let i = 0; i < 2000; i++) log.append(entry(`${i} ${long}`));
	const held = log.entries.reduce((sum, item) => sum + 2 * item.text.length, 0);
	assert.ok(held <= 1024 * 1024, `${held} bytes held`);
	assert.ok(log.entries.length >= 10, `${log.entries.length} entries`);
	assert.match(log.entries.at(-1)?.text ?? '', /^1999 /v);
	// One entry larger than the whole budget is still kept, alone.
	log.append(entry('y'.repeat(1024 * 1024)));
	assert.equal(log.entries.length, 1);
	log.append(entry('short'));
	assert.deepEqual(
		log.entries.map((item) => item.text.length),
		[5],
	);
});
