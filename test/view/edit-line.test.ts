import test from 'node:test';
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {
	editLine,
	emptyLine,
	type LineState,
} from '../../source/view/edit-line.js';
import {editorRows} from '../../source/view/editor-rows.js';

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/** Apply keys in order; returns the final state and everything submitted. */
function run(
	steps: Array<string | [string, Partial<Key>]>,
	start: LineState = emptyLine,
) {
	let state = start;
	const submitted: string[] = [];
	for (const step of steps) {
		const [input, key] = typeof step === 'string' ? [step, {}] : step;
		const edit = editLine(state, input, {...noKey, ...key});
		state = edit.state;
		submitted.push(...edit.submitted);
	}

	return {state, submitted};
}

test('typing appends; Enter submits the whole line and clears', () => {
	const {state, submitted} = run(['h', 'i', ' there', ['', {return: true}]]);
	assert.deepEqual(submitted, ['hi there']);
	assert.deepEqual(state, emptyLine);
});

test('text and a line break in one chunk submit the text before it', () => {
	assert.deepEqual(run(['abc\r']).submitted, ['abc']);
	assert.deepEqual(run(['abc\n']).submitted, ['abc']);
	const paste = run(['one\r\ntwo\nthr']);
	assert.deepEqual(paste.submitted, ['one', 'two']);
	assert.deepEqual(paste.state, {value: 'thr', cursor: 3});
});

test('a chunk with backspaces and control characters is edited, not inserted', () => {
	const {state} = run(['abcd\u007F\u007FX\u0001\u0007Y']);
	assert.deepEqual(state, {value: 'abXY', cursor: 4});
});

test('cursor keys, backspace and insertion in the middle', () => {
	const {state} = run([
		'hello',
		['', {leftArrow: true}],
		['', {leftArrow: true}],
		['', {delete: true}],
		'L',
	]);
	assert.deepEqual(state, {value: 'heLlo', cursor: 3});
	const end = run([['', {rightArrow: true}]], state);
	assert.equal(end.state.cursor, 4);
});

test('emoji are stepped over and erased whole', () => {
	const {state} = run(['a😀', ['', {leftArrow: true}]]);
	assert.equal(state.cursor, 1);
	assert.deepEqual(
		run([['', {backspace: true}]], {value: 'a😀', cursor: 3}).state,
		{
			value: 'a',
			cursor: 1,
		},
	);
});

test('Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K, Ctrl-W', () => {
	const start = {value: 'one two three', cursor: 13};
	assert.equal(run([['a', {ctrl: true}]], start).state.cursor, 0);
	assert.equal(
		run(
			[
				['a', {ctrl: true}],
				['e', {ctrl: true}],
			],
			start,
		).state.cursor,
		13,
	);
	assert.deepEqual(run([['w', {ctrl: true}]], start).state, {
		value: 'one two ',
		cursor: 8,
	});
	assert.deepEqual(
		run([['u', {ctrl: true}]], {value: 'one two', cursor: 4}).state,
		{
			value: 'two',
			cursor: 0,
		},
	);
	assert.deepEqual(
		run([['k', {ctrl: true}]], {value: 'one two', cursor: 3}).state,
		{
			value: 'one',
			cursor: 3,
		},
	);
});

test('paging keys, Tab and Alt-combinations leave the text alone', () => {
	const start = {value: 'abc', cursor: 1};
	for (const key of [
		{pageUp: true},
		{pageDown: true},
		{home: true},
		{end: true},
		{upArrow: true},
		{tab: true},
	]) {
		assert.equal(editLine(start, '', {...noKey, ...key}).state, start);
	}

	assert.equal(editLine(start, 'x', {...noKey, meta: true}).state, start);
	assert.equal(editLine(start, '\t', {...noKey, tab: true}).state, start);
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
