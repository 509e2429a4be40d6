import test from 'node:test';
import assert from 'node:assert/strict';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {
	displayTime,
	type DisplayKey,
} from '../../source/protocol/display-order.js';
import {maxClockSkewMs} from '../../source/protocol/limits.js';
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

/** The key of a line by `author` (one hex digit, repeated) with sequence `seq`. */
function key(time: number, author = 'a', seq = 1): DisplayKey {
	return {time, author: author.repeat(64), seq, id: `${author}${seq}@${time}`};
}

const chat = (text: string, time: number) => ({
	kind: 'chat' as const,
	source: {type: 'legacy' as const, address: '127.0.0.1:7000'},
	text,
	time,
});

const texts = (log: ChatLog) => log.entries.map((item) => item.text);

test('lines are in display order: author time, then author key, then sequence, whatever order they came in', () => {
	const log = new ChatLog(100);
	log.append(chat('b at 20', 20), key(20, 'b'));
	log.append(chat('a at 10', 10), key(10, 'a'));
	log.append(chat('b at 10 seq 2', 10), key(10, 'b', 2));
	log.append(chat('b at 10 seq 1', 10), key(10, 'b', 1));
	log.append(chat('c at 30', 30), key(30, 'c'));
	assert.deepEqual(texts(log), [
		'a at 10',
		'b at 10 seq 1',
		'b at 10 seq 2',
		'b at 20',
		'c at 30',
	]);
	// Ids still only grow, in the order lines came.
	assert.deepEqual(
		log.entries.map((item) => item.id),
		[2, 4, 3, 1, 5],
	);
	// Each shows its author's time.
	assert.deepEqual(
		log.entries.map((item) => item.time),
		[10, 10, 10, 20, 30],
	);
});

test('a line that comes late goes to its place, not to the bottom', () => {
	const log = new ChatLog(100);
	for (let time = 1; time <= 10; time++) {
		log.append(chat(`line ${time}`, time * 1000), key(time * 1000));
	}

	log.append(chat('caught up', 4500), key(4500, 'b'));
	assert.equal(texts(log).indexOf('caught up'), 4);
	assert.equal(texts(log).at(-1), 'line 10');
});

test('a line timestamped far ahead of its arrival is placed at its arrival, not at the bottom for good', () => {
	const now = 1_000_000_000;
	const farAhead = now + maxClockSkewMs + 60_000;
	assert.equal(displayTime(farAhead, now), now);
	assert.equal(
		displayTime(now + 60_000, now),
		now + 60_000,
		'a little ahead stays',
	);
	const log = new ChatLog(100);
	// A line a minute ahead (a clock a little fast) is shown first; then
	// one from a clock far ahead comes, at `now`: it goes above it, at now.
	log.append(chat('a minute later', now + 60_000), key(now + 60_000, 'b'));
	log.append(chat('from the future', farAhead), {
		...key(farAhead),
		time: displayTime(farAhead, now),
	});
	assert.deepEqual(texts(log), ['from the future', 'a minute later']);
	assert.equal(
		log.entries[0]?.time,
		farAhead,
		"the author's time is still shown",
	);
});

test('a notice stays where it was logged; lines that come late still go above it by their time', () => {
	const log = new ChatLog(100);
	log.append(chat('one', 1000), key(1000));
	// A peer whose clock runs ahead: its line is later than our notice.
	log.append(chat('fast clock', 5000), key(5000, 'f'));
	log.append({kind: 'notice', text: 'notice at 3000', time: 3000});
	log.append(chat('two', 4000), key(4000));
	log.append(chat('caught up', 2000), key(2000, 'b'));
	assert.deepEqual(texts(log), [
		'one',
		'caught up',
		'two',
		'fast clock',
		'notice at 3000',
	]);
	log.append({kind: 'notice', text: 'notice at 9000', time: 9000});
	log.append(chat('late again', 6000), key(6000, 'b'));
	assert.deepEqual(texts(log).slice(-3), [
		'notice at 3000',
		'late again',
		'notice at 9000',
	]);
});

test('a full log keeps the newest by display order: a line older than all of it is not kept', () => {
	const log = new ChatLog(3);
	for (let time = 1; time <= 3; time++) {
		log.append(chat(`line ${time}`, time), key(time));
	}

	log.append(chat('too old', 0), key(0, 'b'));
	assert.deepEqual(texts(log), ['line 1', 'line 2', 'line 3']);
	log.append(chat('between', 2), key(2, 'b'));
	assert.deepEqual(texts(log), ['line 2', 'between', 'line 3']);
	assert.deepEqual(log.oldestKey, key(2));
	assert.equal(log.showing(key(2, 'b').id)?.text, 'between');
});

test('an entry trimmed for the byte limit is no longer held: long lines keep no more than the limit alive', async () => {
	// `gc` for this test only: whether an entry is still held is whether
	// a collection frees it.
	setFlagsFromString('--expose-gc');
	const collect: unknown = runInNewContext('gc');
	assert.ok(typeof collect === 'function');
	const log = new ChatLog(20_000, 64 * 1024);
	const trimmed = (() => {
		const first = log.append(entry('x'.repeat(16 * 1024)));
		return new WeakRef(first);
	})();
	// Each counts 32 KiB (two bytes a character): the first is trimmed at
	// the third, and nine more follow, well short of 1,024 trimmed entries.
	for (let i = 0; i < 10; i++) log.append(entry(`${i}`.repeat(16 * 1024)));
	assert.ok(!log.entries.some((item) => item.text.startsWith('x')));
	// A WeakRef made in this turn holds its target until the turn ends.
	await new Promise((resolve) => {
		setImmediate(resolve);
	});
	Reflect.apply(collect, undefined, []);
	assert.equal(trimmed.deref(), undefined, 'the trimmed entry was collected');
});
