import test from 'node:test';
import assert from 'node:assert/strict';
import type {CompletionWords} from '../../source/view/complete-line.js';
import {keyPress, type KeyEvent} from '../../source/view/key-event.js';
import {
	editorKeys,
	inputHistoryLimit,
	newEditor,
	pastedLines,
	type EditorState,
} from '../../source/view/line-editor.js';

const words: CompletionWords = {
	commands: [
		{name: 'help', usage: '/help'},
		{name: 'whois', usage: '/whois NICK'},
		{name: 'connect', usage: '/connect HOST:PORT'},
	],
	nicks: ['bob', 'alice', 'albert'],
	labels: ['bob', 'alice', 'albert'],
	addresses: ['127.0.0.1:7001'],
};

const text = (value: string): KeyEvent => ({type: 'text', text: value});
const paste = (value: string): KeyEvent => ({
	type: 'paste',
	text: value,
	bracketed: true,
});
const ctrl = (name: string) => keyPress(name, {ctrl: true});
const key = (name: string) => keyPress(name);

function run(keys: KeyEvent[], state: EditorState = newEditor()) {
	return editorKeys(state, keys, {words: () => words});
}

const value = (state: EditorState) => state.line.value;

test('Enter runs the line, keeps it for Up, and empties the box', () => {
	const result = run([text('hello'), key('enter')]);
	assert.deepEqual(result.submitted, ['hello']);
	assert.deepEqual(result.remembered, ['hello']);
	assert.equal(value(result.state), '');
	assert.deepEqual(result.state.history, ['hello']);
	// A blank line or the same line again is run but not kept twice.
	const again = run(
		[text('hello'), key('enter'), text('  '), key('enter')],
		result.state,
	);
	assert.deepEqual(again.submitted, ['hello', '  ']);
	assert.deepEqual(again.remembered, []);
	assert.deepEqual(again.state.history, ['hello']);
});

test('Up and Down walk the history; below the newest the draft comes back', () => {
	const start = newEditor(['one', 'two', 'three']);
	const steps: Array<[KeyEvent, string]> = [
		[text('dra'), 'dra'],
		[key('up'), 'three'],
		[key('up'), 'two'],
		[key('up'), 'one'],
		[key('up'), 'one'],
		[key('down'), 'two'],
		[key('down'), 'three'],
		[key('down'), 'dra'],
		[key('down'), 'dra'],
	];
	let state = start;
	for (const [event, expected] of steps) {
		state = run([event], state).state;
		assert.equal(value(state), expected);
	}

	// A recalled line can be edited and sent.
	const sent = run([key('up'), text('!'), key('enter')], start);
	assert.deepEqual(sent.submitted, ['three!']);
	assert.deepEqual(sent.state.history, ['one', 'two', 'three', 'three!']);
	assert.equal(sent.state.line.cursor, 0);
	// The history is bounded.
	const full = newEditor(
		Array.from({length: inputHistoryLimit + 10}, (_, index) => String(index)),
	);
	assert.equal(full.history.length, inputHistoryLimit);
	assert.equal(full.history[0], '10');
});

test('Ctrl-C clears a typed line (Ctrl-Y brings it back) and quits on an empty one', () => {
	const typed = run([text('half a thought'), ctrl('c')]);
	assert.equal(typed.quit, false);
	assert.equal(value(typed.state), '');
	assert.deepEqual(typed.submitted, []);
	assert.equal(value(run([ctrl('y')], typed.state).state), 'half a thought');
	const empty = run([ctrl('c'), text('never')], typed.state);
	assert.equal(empty.quit, true);
	assert.equal(value(empty.state), '', 'keys after the quit are not applied');
});

test('a burst of abc, Ctrl-U, def leaves def', () => {
	assert.equal(value(run([text('abc'), ctrl('u'), text('def')]).state), 'def');
});

test('Tab completes a nick: "nick: " at the start of a line, "nick " inside it, cycling', () => {
	let {state} = run([text('al'), key('tab')]);
	assert.equal(value(state), 'alice: ');
	state = run([key('tab')], state).state;
	assert.equal(value(state), 'albert: ');
	state = run([key('tab')], state).state;
	assert.equal(value(state), 'alice: ', 'round again');
	state = run([keyPress('tab', {shift: true})], state).state;
	assert.equal(value(state), 'albert: ', 'Shift-Tab goes back');
	assert.equal(value(run([text('hi b'), key('tab')]).state), 'hi bob ');
	assert.equal(value(run([text('hi @B'), key('tab')]).state), 'hi @bob ');
	// Another key ends the cycle: the next Tab completes the new word.
	assert.equal(
		value(run([text('al'), key('tab'), text('x b'), key('tab')]).state),
		'alice: x bob ',
	);
	// Nothing to complete: nothing changes.
	assert.equal(value(run([text('zed'), key('tab')]).state), 'zed');
	assert.equal(value(run([text('hi '), key('tab')]).state), 'hi ');
	// In the middle of a line, the text after the cursor stays (one space
	// between them, not two).
	const middle = run([text('b and'), key('home'), key('right'), key('tab')]);
	assert.deepEqual(middle.state.line, {value: 'bob: and', cursor: 4});
});

test('Tab completes command names and their arguments from the usage', () => {
	assert.equal(value(run([text('/wh'), key('tab')]).state), '/whois ');
	assert.equal(value(run([text('/WH'), key('tab')]).state), '/whois ');
	assert.equal(
		value(run([text('/whois a'), key('tab')]).state),
		'/whois alice ',
	);
	assert.equal(value(run([text('/whois '), key('tab')]).state), '/whois bob ');
	assert.equal(
		value(run([text('/connect 1'), key('tab')]).state),
		'/connect 127.0.0.1:7001 ',
	);
	// A leading `//` is a chat line: nicks, not commands.
	assert.equal(value(run([text('//x a'), key('tab')]).state), '//x alice ');
});

test('a paste of several lines asks: Enter sends each as text, Esc puts the line back', () => {
	const pasted = run([text('draft '), paste('one\n/quit\n\nthree\n')]);
	assert.equal(value(pasted.state), 'draft one\n/quit\n\nthree');
	assert.equal(pastedLines(pasted.state), 4);
	assert.deepEqual(pasted.submitted, []);
	const sent = run([key('enter')], pasted.state);
	// A pasted command is a line that says so (`//` escapes it), not a command.
	assert.deepEqual(sent.submitted, ['draft one', '//quit', 'three']);
	assert.deepEqual(sent.remembered, []);
	assert.equal(pastedLines(sent.state), 0);
	const cancelled = run([key('escape')], pasted.state);
	assert.equal(value(cancelled.state), 'draft ');
	assert.equal(pastedLines(cancelled.state), 0);
	assert.deepEqual(cancelled.submitted, []);
	// Ctrl-C drops a paste too, and does not quit.
	const interrupted = run([ctrl('c')], pasted.state);
	assert.equal(interrupted.quit, false);
	assert.equal(pastedLines(interrupted.state), 0);
	// A one-line paste is text in the line: no question, not sent.
	const single = run([paste('just this\n')]);
	assert.equal(value(single.state), 'just this');
	assert.equal(pastedLines(single.state), 0);
	assert.deepEqual(single.submitted, []);
});
