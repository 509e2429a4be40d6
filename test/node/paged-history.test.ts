/**
 * PgUp reads on through the whole history and `/search` finds a line and
 * jumps to it, with memory bounded: a service over a real store of a few
 * thousand lines (a file in a temp folder; the node is never started).
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {
	HistoryStore,
	type StoredLine,
} from '../../source/node/store/history-store.js';
import {ChatService} from '../../source/service/chat-service.js';
import {restoredLines} from '../../source/service/history.js';
import {newSinceMarker} from '../../source/service/restart-marker.js';
import {
	gapMarker,
	pagedLimit,
	pageLines,
} from '../../source/service/paged-history.js';

const base = Date.UTC(2026, 0, 5, 12);
const bob = 'b0'.repeat(32);

/** Line `i` of bob's, written a second after line `i - 1`. */
function line(index: number): StoredLine {
	return {
		id: `id-${index}`,
		kind: 'native',
		author: bob,
		nick: 'bob',
		authorTime: base + index * 1000,
		seq: index,
		text: `line ${index}`,
		frame: new Uint8Array([1]),
		source: undefined,
		receivedAt: base + index * 1000 + 20,
	};
}

/** A service over a store that holds lines 1..count (not started). */
function serviceWith(count: number, t: test.TestContext): ChatService {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-paged-'));
	const store = HistoryStore.open(folder);
	store.addAll(Array.from({length: count}, (_, index) => line(index + 1)));
	const service = new ChatService({
		port: 0,
		nick: 'alice',
		keyPair: newKeyPair(),
		history: store,
		transport: new MemoryNetwork().transport(),
		now: () => base + (count + 10) * 1000,
	});
	t.after(async () => service.stop());
	return service;
}

/** The numbers of the lines shown, in order (0 for the gap marker). */
function shown(service: ChatService): number[] {
	return service.getSnapshot().entries.flatMap((entry) => {
		if (entry.text === newSinceMarker) return [];
		if (entry.text === gapMarker) return [0];
		return [Number(entry.text.replace('line ', ''))];
	});
}

const range = (from: number, to: number) =>
	Array.from({length: to - from + 1}, (_, index) => from + index);

test('PgUp at the top reads a page above, on to the first line, with the window bounded', (t) => {
	const total = 3000;
	const service = serviceWith(total, t);
	assert.deepEqual(shown(service), range(total - restoredLines + 1, total));
	const logged = service.getSnapshot().entries.length;

	service.pageOlder();
	assert.deepEqual(
		shown(service),
		range(total - restoredLines - pageLines + 1, total),
		'a page above, in order, joined to the log',
	);
	assert.equal(service.getSnapshot().paging.paged, pageLines);

	// On up to the first line: the window lets go of its newest pages and
	// a marker stands where lines are left out.
	for (let page = 0; page < 20; page++) service.pageOlder();
	const {entries, paging} = service.getSnapshot();
	assert.equal(shown(service)[0], 1, 'the first line ever stored');
	assert.equal(paging.gap, true);
	assert.equal(paging.paged, pagedLimit + 1);
	assert.equal(entries.length, pagedLimit + 1 + logged);
	assert.deepEqual(shown(service).slice(0, pagedLimit + 1), [
		...range(1, pagedLimit),
		0,
	]);
	const before = service.getSnapshot();
	service.pageOlder();
	assert.equal(service.getSnapshot(), before, 'nothing older: no change');

	// Down again: the lines left out are read back, page by page, until
	// the window joins the log.
	for (let page = 0; page < 20 && service.getSnapshot().paging.gap; page++) {
		service.pageNewer();
	}

	assert.equal(service.getSnapshot().paging.gap, false);
	const all = shown(service);
	assert.ok(!all.includes(0));
	assert.ok(service.getSnapshot().paging.paged <= pagedLimit);
	assert.deepEqual(
		all,
		range(total - restoredLines - all.length + restoredLines + 1, total),
		'contiguous up to the newest',
	);

	service.dropPages();
	assert.deepEqual(shown(service), range(total - restoredLines + 1, total));
	assert.equal(service.getSnapshot().paging.paged, 0);
});

test('/search finds stored lines and /jump shows one, read from the history if need be', (t) => {
	const service = serviceWith(3000, t);
	const hits = service.search('line 42') ?? [];
	assert.deepEqual(
		hits.map((hit) => hit.text),
		['line 42'],
	);
	assert.equal(hits[0]?.time, line(42).authorTime, "the author's time");

	service.jump(1);
	const {entries, paging} = service.getSnapshot();
	const target = entries.find((entry) => entry.id === paging.focus?.id);
	assert.equal(target?.text, 'line 42');
	// The lines around it, then a marker, then the log as it was.
	assert.deepEqual(shown(service).slice(0, 5), [1, 2, 3, 4, 5]);
	assert.ok(paging.gap);
	assert.equal(shown(service).at(-1), 3000);
	assert.ok(paging.paged < 300);

	// A line in the log is shown where it is, nothing read.
	service.search('line 2999');
	service.jump(1);
	const again = service.getSnapshot();
	assert.equal(
		again.entries.find((entry) => entry.id === again.paging.focus?.id)?.text,
		'line 2999',
	);
	assert.throws(() => {
		service.jump(2);
	}, /No result 2: the last \/search listed 1/v);
});

test('a search is one phrase, whatever the user types: no query syntax, no error', (t) => {
	const service = serviceWith(50, t);
	for (const text of [
		'"',
		'AND(',
		'line" OR "x',
		'*',
		'NEAR(a b)',
		'\0',
		'^',
	]) {
		assert.deepEqual(service.search(text), [], JSON.stringify(text));
	}

	assert.equal(service.search('line 7')?.length, 1);
});

test('without a history /search says so, /jump refuses, PgUp reads nothing', (t) => {
	const service = new ChatService({
		port: 0,
		nick: 'alice',
		keyPair: newKeyPair(),
		transport: new MemoryNetwork().transport(),
	});
	t.after(async () => service.stop());
	assert.equal(service.search('x'), undefined);
	assert.throws(() => {
		service.jump(1);
	}, /No history is kept/v);
	const before = service.getSnapshot();
	service.pageOlder();
	assert.equal(service.getSnapshot(), before);
});

test('after /clear, PgUp does not bring back what was cleared', (t) => {
	const service = serviceWith(1000, t);
	service.clear();
	service.note('after the clear');
	service.pageOlder();
	assert.deepEqual(
		service.getSnapshot().entries.map((entry) => entry.text),
		['after the clear'],
	);
});

test('after a search that found nothing, /jump says so', (t) => {
	const service = serviceWith(10, t);
	assert.throws(() => {
		service.jump(1);
	}, /search TEXT first/v);
	service.search('not there');
	assert.throws(() => {
		service.jump(1);
	}, /the last \/search listed 0/v);
});
