import test from 'node:test';
import assert from 'node:assert/strict';
import {sanitize, textWidth, wrapLine} from '../../source/view/wrap-text.js';
import {layoutEntry} from '../../source/view/entry-layout.js';
import {
	countNewBelow,
	findId,
	lastFitting,
	visibleRange,
} from '../../source/view/scroll-math.js';
import {makeEntries} from '../helpers/fake-service.js';

test('width counts wide characters twice and marks not at all', () => {
	assert.equal(textWidth('abc'), 3);
	assert.equal(textWidth('漢字'), 4);
	assert.equal(textWidth('🎉'), 2);
	assert.equal(textWidth('e\u0301'), 1);
});

test('words wrap at spaces; long words are split; rows never overflow', () => {
	assert.deepEqual(wrapLine('hello brave new world', 11, 11), [
		'hello brave',
		'new world',
	]);
	assert.deepEqual(wrapLine('abcdefghij', 4, 4), ['abcd', 'efgh', 'ij']);
	assert.deepEqual(wrapLine('', 10, 10), ['']);
	assert.deepEqual(wrapLine('   ', 10, 10), ['   ']);
	for (const row of wrapLine('漢字漢字漢字 abc defghijklmnop', 5, 7).slice(1)) {
		assert.ok(textWidth(row) <= 7, row);
	}
});

test('sanitize neutralises escapes and bidi overrides, keeps text', () => {
	assert.equal(sanitize('a\u001B[31mb'), 'a\uFFFD[31mb');
	assert.equal(sanitize('x\u202Ey'), 'xy');
	assert.equal(sanitize('a\r\nb\rc'), 'a\nb\nc');
	assert.equal(sanitize('a\tb'), 'a    b');
});

test('an entry layout counts its rows, header included', () => {
	const [entry] = makeEntries(1);
	assert.ok(entry);
	const wide = layoutEntry(entry, 60);
	assert.equal(wide.height, 1);
	assert.equal(wide.headerAlone, false);
	const long = layoutEntry({...entry, text: 'word '.repeat(40)}, 60);
	assert.equal(long.height, long.rows.length);
	assert.ok(long.height > 2);
	// A narrow pane puts a long sender on a row of its own.
	const narrow = layoutEntry(entry, 26);
	assert.equal(narrow.headerAlone, true);
	assert.equal(narrow.height, 2);
});

test('scroll math walks only as far as the page', () => {
	const entries = makeEntries(100);
	let measured = 0;
	const measure = () => {
		measured++;
		return 1;
	};

	assert.deepEqual(visibleRange(entries, 99, 10, measure), {
		top: 90,
		bottom: 99,
		alignTop: false,
	});
	assert.ok(measured <= 10);
	// Near the start the page fills downwards instead of leaving a gap.
	assert.deepEqual(visibleRange(entries, 2, 10, measure), {
		top: 0,
		bottom: 9,
		alignTop: true,
	});
	assert.equal(lastFitting(entries, 0, 10, measure), 9);
	const tall = () => 4;
	assert.equal(lastFitting(entries, 0, 10, tall), 1);
	assert.equal(lastFitting(entries, 5, 3, tall), 5);
});

test('sanitize drops invisible characters and breaks lines at U+2028', () => {
	assert.equal(sanitize('a\u200Bb\uFEFFc\u2060d'), 'abcd');
	assert.equal(sanitize('x\u2066y\u2069z'), 'xyz');
	assert.equal(sanitize('one\u2028two\u2029three'), 'one\ntwo\nthree');
	// Joiners shape emoji and scripts; they stay.
	assert.equal(sanitize('👩\u200D💻'), '👩\u200D💻');
});

test('an entry is found by id near where it was, however the log is ordered', () => {
	// A late line (id 101) put in at index 40: ids are no longer sorted.
	const entries = makeEntries(100);
	entries.splice(40, 0, {...entries[0]!, id: 101, text: 'late'});
	let reads = 0;
	const counted = new Proxy(entries, {
		get(target, key, receiver) {
			if (typeof key === 'string' && /^\d+$/v.test(key)) reads++;
			return Reflect.get(target, key, receiver) as unknown;
		},
	});
	// Entry 60 was at index 59; the late line moved it down one place.
	assert.equal(findId(counted, 60, 59), 60);
	assert.ok(reads <= 4, `${reads} reads`);
	assert.equal(findId(entries, 101, 99), 40);
	assert.equal(findId(entries, 5, 0), 4);
	assert.equal(findId(entries, 999, 50), -1);
	assert.equal(findId([], 1, 0), -1);
});

test('new entries below count from the end, up to the view and the paged lines', () => {
	const entries = makeEntries(20);
	// Seen up to 15; 16..20 are new. The view ends at index 17: 18, 19 and 20 are below.
	assert.equal(countNewBelow(entries, 16, 0, 15), 3);
	assert.equal(countNewBelow(entries, 5, 0, 15), 5);
	// Entries before `first` (paged in from the history) are never new.
	assert.equal(countNewBelow(entries, 5, 18, 15), 2);
	// A late line (id 21) put in above the view is not below it.
	const late = [...entries];
	late.splice(3, 0, {...entries[0]!, id: 21});
	assert.equal(countNewBelow(late, 10, 0, 15), 5);
});
