import test from 'node:test';
import assert from 'node:assert/strict';
import {sanitize, textWidth, wrapLine} from '../../source/view/wrap-text.js';
import {layoutEntry} from '../../source/view/entry-layout.js';
import {
	lastFitting,
	lowerBound,
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

	assert.equal(lowerBound(entries, 50), 49);
	assert.equal(lowerBound(entries, 1000), 100);
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
