import test from 'node:test';
import assert from 'node:assert/strict';
import {
	editLine,
	insertText,
	type LineState,
} from '../../source/view/edit-line.js';
import {editorRows} from '../../source/view/editor-rows.js';
import {keyPress} from '../../source/view/key-event.js';

type Chord = string;

/** `C-a` is Ctrl-A, `M-b` Alt-B, `left` the arrow, as emacs writes them. */
function key(chord: Chord) {
	if (chord.startsWith('C-')) return keyPress(chord.slice(2), {ctrl: true});
	if (chord.startsWith('M-')) return keyPress(chord.slice(2), {meta: true});
	return keyPress(chord);
}

/** Apply chords in order; the last line and the last text cut. */
function run(start: LineState, ...chords: Chord[]) {
	let line = start;
	let killed = '';
	for (const chord of chords) {
		const edit = editLine(line, key(chord), killed);
		assert.ok(edit, `${chord} edits`);
		line = edit.line;
		killed = edit.killed ?? killed;
	}

	return {line, killed};
}

/** `a|bc` is "abc" with the cursor before the b. */
function at(marked: string): LineState {
	return {value: marked.replace('|', ''), cursor: marked.indexOf('|')};
}

function shown(line: LineState): string {
	return `${line.value.slice(0, line.cursor)}|${line.value.slice(line.cursor)}`;
}

test('Backspace erases before the cursor, Delete and Ctrl-D after it', () => {
	assert.equal(shown(run(at('ab|cd'), 'backspace').line), 'a|cd');
	assert.equal(shown(run(at('ab|cd'), 'delete').line), 'ab|d');
	assert.equal(shown(run(at('ab|cd'), 'C-d').line), 'ab|d');
	assert.equal(shown(run(at('|ab'), 'backspace').line), '|ab');
	assert.equal(shown(run(at('ab|'), 'delete').line), 'ab|');
});

test('Home/End and Ctrl-A/E, Left/Right and Ctrl-B/F move the cursor', () => {
	assert.equal(shown(run(at('ab|cd'), 'home').line), '|abcd');
	assert.equal(shown(run(at('ab|cd'), 'C-a').line), '|abcd');
	assert.equal(shown(run(at('ab|cd'), 'end').line), 'abcd|');
	assert.equal(shown(run(at('ab|cd'), 'C-e').line), 'abcd|');
	assert.equal(shown(run(at('ab|cd'), 'left', 'C-b').line), '|abcd');
	assert.equal(shown(run(at('ab|cd'), 'right', 'C-f', 'right').line), 'abcd|');
});

test('Alt-B/F and Ctrl-Left/Right move by words', () => {
	const line = at('one, two  three|');
	assert.equal(shown(run(line, 'M-b').line), 'one, two  |three');
	assert.equal(shown(run(line, 'M-b', 'M-b').line), 'one, |two  three');
	assert.equal(
		shown(run(line, 'C-left', 'C-left', 'C-left').line),
		'|one, two  three',
	);
	assert.equal(shown(run(at('|one, two'), 'M-f').line), 'one|, two');
	assert.equal(shown(run(at('one|, two'), 'C-right').line), 'one, two|');
});

test('Ctrl-U, Ctrl-K, Ctrl-W, Alt-D and Alt-Backspace cut; Ctrl-Y puts back', () => {
	assert.deepEqual(run(at('one two|'), 'C-w'), {
		line: at('one |'),
		killed: 'two',
	});
	assert.deepEqual(run(at('one two  |'), 'C-w'), {
		line: at('one |'),
		killed: 'two  ',
	});
	assert.deepEqual(run(at('a-b c|'), 'C-w'), {line: at('a-b |'), killed: 'c'});
	assert.deepEqual(run(at('a-b|'), 'M-backspace'), {
		line: at('a-|'),
		killed: 'b',
	});
	assert.deepEqual(run(at('one |two'), 'C-u'), {
		line: at('|two'),
		killed: 'one ',
	});
	assert.deepEqual(run(at('one |two'), 'C-k'), {
		line: at('one |'),
		killed: 'two',
	});
	assert.deepEqual(run(at('|one two'), 'M-d'), {
		line: at('| two'),
		killed: 'one',
	});
	assert.equal(
		shown(run(at('one two|'), 'C-w', 'C-a', 'C-y').line),
		'two|one ',
	);
});

test('emoji are stepped over and erased whole', () => {
	assert.equal(shown(run(at('a😀|'), 'left').line), 'a|😀');
	assert.equal(shown(run(at('a😀|'), 'backspace').line), 'a|');
	assert.equal(shown(run(at('a|😀b'), 'delete').line), 'a|b');
	assert.equal(shown(run(at('a|😀b'), 'right').line), 'a😀|b');
});

test('keys that do not edit are not taken', () => {
	for (const chord of [
		'enter',
		'tab',
		'up',
		'down',
		'pageup',
		'escape',
		'f1',
		'C-c',
	]) {
		assert.equal(editLine(at('a|b'), key(chord), ''), undefined, chord);
	}

	assert.equal(
		editLine(at('a|b'), keyPress('home', {ctrl: true}), ''),
		undefined,
	);
	assert.equal(
		editLine(at('a|b'), keyPress('end', {meta: true}), ''),
		undefined,
	);
});

test('inserted text loses its control characters, keeps tabs and line breaks', () => {
	assert.equal(
		shown(insertText(at('a|b'), 'x\u0007y\u009B\u001Bz\tq\nr')),
		'axyz\tq\nr|b',
	);
});

test('the draft wraps at the width and shows the rows around the cursor', () => {
	assert.deepEqual(editorRows('abcdefgh', 8, 3, 5), [
		{text: 'abc'},
		{text: 'def'},
		{text: 'gh', cursor: 2},
	]);
	// A full last row: the cursor after it gets a row of its own.
	assert.deepEqual(editorRows('abcdef', 6, 3, 5).at(-1), {text: '', cursor: 0});
	assert.deepEqual(editorRows('abcdef', 1, 3, 5)[0], {text: 'abc', cursor: 1});
	// Only maxRows rows, following the cursor.
	const long = 'x'.repeat(100);
	assert.equal(editorRows(long, 100, 10, 3).length, 3);
	assert.deepEqual(editorRows(long, 0, 10, 3)[0], {
		text: 'x'.repeat(10),
		cursor: 0,
	});
	assert.deepEqual(editorRows('漢字漢字', 2, 4, 5), [
		{text: '漢字'},
		{text: '漢字', cursor: 0},
	]);
});

test('line breaks of a pasted text start rows; the cursor at one stays on its row', () => {
	assert.deepEqual(editorRows('ab\ncd\n\ne', 2, 10, 5), [
		{text: 'ab', cursor: 2},
		{text: 'cd'},
		{text: ''},
		{text: 'e'},
	]);
	assert.deepEqual(editorRows('ab\ncd', 3, 10, 5)[1], {text: 'cd', cursor: 0});
	assert.deepEqual(editorRows('ab\n', 3, 10, 5), [
		{text: 'ab'},
		{text: '', cursor: 0},
	]);
});
