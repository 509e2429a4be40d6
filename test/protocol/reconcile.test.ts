import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import test from 'node:test';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
} from '../../source/protocol/native-frames.js';
import {
	openSync,
	reconcile,
	type SyncMessage,
} from '../../source/protocol/reconcile.js';
import {SyncSet, type SyncItem} from '../../source/protocol/sync-set.js';
import {seededRandom} from '../helpers/event-queue.js';

const now = 1_800_000_000_000;
const day = 24 * 60 * 60 * 1000;

function item(index: number, time = now - day + index * 10): SyncItem {
	return {time, id: createHash('sha256').update(`line ${index}`).digest('hex')};
}

function setOf(items: readonly SyncItem[], maxLines = 100_000): SyncSet {
	const set = new SyncSet({windowMs: 7 * day, maxLines});
	for (const one of items) set.add(one, now);
	return set;
}

/** Bytes of a SYNC frame as it goes on the wire (checked to decode back). */
function wireBytes(message: SyncMessage): number {
	const bytes = encodeFrame({type: 'sync', message});
	const decoded = decodeFrame(bytes);
	assert.ok(!isFrameError(decoded), 'a SYNC frame decodes');
	assert.deepEqual(decoded, {type: 'sync', message});
	return bytes.length;
}

type Run = {
	/** What each side found it lacks. */
	readonly aLacks: Set<string>;
	readonly bLacks: Set<string>;
	rounds: number;
	readonly bytes: {aToB: number; bToA: number};
};

/** A opens a sync with B; messages go back and forth until neither has anything to say. */
function run(a: SyncSet, b: SyncSet): Run {
	const result: Run = {
		aLacks: new Set(),
		bLacks: new Set(),
		rounds: 0,
		bytes: {aToB: 0, bToA: 0},
	};
	let message: SyncMessage | undefined = openSync(a, now);
	let from: 'a' | 'b' = 'a';
	for (let round = 0; round < 100 && message; round++) {
		result.rounds++;
		result.bytes[from === 'a' ? 'aToB' : 'bToA'] += wireBytes(message);
		const receiver = from === 'a' ? b : a;
		const outcome = reconcile(receiver, message, now);
		const lacks = from === 'a' ? result.bLacks : result.aLacks;
		for (const id of outcome.lacking) lacks.add(id);
		message =
			outcome.reply.length > 0
				? {since: outcome.since, ranges: outcome.reply, want: []}
				: undefined;
		from = from === 'a' ? 'b' : 'a';
	}

	assert.equal(message, undefined, 'the sync ends');
	return result;
}

test('two peers in sync exchange one small message', () => {
	const items = Array.from({length: 10_000}, (_, index) => item(index));
	const result = run(setOf(items), setOf(items));
	assert.equal(result.rounds, 1);
	assert.ok(result.bytes.aToB < 200, `${result.bytes.aToB} bytes`);
	assert.equal(result.bytes.bToA, 0);
	assert.equal(result.aLacks.size + result.bLacks.size, 0);
});

test('each side learns exactly what it lacks, both ways', () => {
	const random = seededRandom(7);
	for (const [size, missing] of [
		[0, 0],
		[5, 5],
		[1000, 1],
		[1000, 37],
		[5000, 500],
		[3000, 3000],
	] as const) {
		const all = Array.from({length: size + missing}, (_, index) => item(index));
		const onlyA = new Set<string>();
		const onlyB = new Set<string>();
		const a: SyncItem[] = [];
		const b: SyncItem[] = [];
		for (const [index, one] of all.entries()) {
			if (index < size) {
				a.push(one);
				b.push(one);
			} else if (random() < 0.5) {
				a.push(one);
				onlyA.add(one.id);
			} else {
				b.push(one);
				onlyB.add(one.id);
			}
		}

		// Shuffle the differences among the shared lines by time.
		const result = run(setOf(a), setOf(b));
		assert.deepEqual(result.bLacks, onlyA, `B lacks (${size}, ${missing})`);
		assert.deepEqual(result.aLacks, onlyB, `A lacks (${size}, ${missing})`);
	}
});

test('a few differences cost rounds and bytes that follow the difference, not the set', () => {
	const items = Array.from({length: 20_000}, (_, index) => item(index));
	const missing = new Set([3, 4000, 12_345, 19_999]);
	const result = run(
		setOf(items),
		setOf(items.filter((_, index) => !missing.has(index))),
	);
	assert.equal(result.bLacks.size, 4);
	assert.ok(result.rounds <= 8, `${result.rounds} rounds`);
	// Four paths down a tree of 16 branches: a few KiB, where the ids alone are 640 KiB.
	const total = result.bytes.aToB + result.bytes.bToA;
	assert.ok(total < 16 * 1024, `${total} bytes`);
});

test('a large difference is split over rounds, every message under the frame limit', () => {
	const items = Array.from({length: 12_000}, (_, index) => item(index));
	const result = run(setOf(items), setOf([]));
	assert.equal(result.bLacks.size, 12_000);
	assert.equal(result.aLacks.size, 0);
});

test('equal times are told apart by id prefixes', () => {
	const items = Array.from({length: 500}, (_, index) =>
		item(index, now - 1000),
	);
	const result = run(setOf(items), setOf(items.slice(0, 450)));
	assert.equal(result.bLacks.size, 50);
});

test('lines outside the window or below a full set are not reconciled', () => {
	const old = item(1, now - 8 * day);
	const set = setOf([old, item(2)]);
	assert.equal(set.size, 1, 'a line older than the window is not kept');
	const full = setOf(
		Array.from({length: 10}, (_, index) => item(index)),
		5,
	);
	assert.equal(full.size, 5);
	assert.equal(full.since(now), item(5).time);
	assert.equal(full.wouldKeep(item(4).time, now), false);
});
