/**
 * The input box's editor, pure: a state and the key events of one burst in,
 * the next state and what to do out (lines to run, a line to keep in the
 * input history, quit). The input box keeps the state in a ref, so keys
 * that come faster than React renders apply in order to the latest text
 * (ink-text-input reads its value from the last render and drops or
 * reorders such keys: seen with tmux send-keys, one call per character).
 *
 * Beyond one line's editing (`edit-line.ts`):
 * - Up/Down walk the input history (the draft comes back after the newest);
 * - Tab/Shift-Tab complete (`complete-line.ts`);
 * - a paste of several lines stays in the box with its line breaks, and
 *   the box asks (irssi's paste_verify): Enter sends each line, as text
 *   (a pasted `/quit` is a line that says "/quit", not a command), Esc
 *   puts back the line as it was before the paste;
 * - Ctrl-C clears a line that has text (Ctrl-Y brings it back) and quits
 *   on an empty one.
 */
import {
	applyCompletion,
	completionAt,
	type Completion,
	type CompletionWords,
} from './complete-line.js';
import {editLine, emptyLine, insertText, type LineState} from './edit-line.js';
import type {KeyEvent, KeyPress} from './key-event.js';

/** Lines kept for Up/Down, at most (the oldest go first). */
export const inputHistoryLimit = 500;

export type EditorState = {
	readonly line: LineState;
	/** What Ctrl-U, Ctrl-K, Ctrl-W, Alt-D and Ctrl-C cut last: Ctrl-Y puts it back. */
	readonly killed: string;
	/** Lines sent before, oldest first. */
	readonly history: readonly string[];
	/** Walking the history: which line is shown, and the draft to come back to. */
	readonly recall:
		{readonly index: number; readonly draft: LineState} | undefined;
	/** The Tab cycle under way (any other key ends it). */
	readonly completion: Completion | undefined;
	/** A paste of several lines waits for Enter; Esc puts this back. */
	readonly beforePaste: LineState | undefined;
};

/** What the keys asked for, beyond the new state. */
export type EditorResult = {
	readonly state: EditorState;
	/** Lines to run, in order (commands or chat). */
	readonly submitted: readonly string[];
	/** Lines to keep in the stored input history, in order. */
	readonly remembered: readonly string[];
	/** Ctrl-C on an empty line. */
	readonly quit: boolean;
};

/** Where completion looks, read only when Tab is pressed. */
export type EditorContext = {readonly words: () => CompletionWords};

/** A new editor, with the input history kept from before (oldest first). */
export function newEditor(history: readonly string[] = []): EditorState {
	return {
		line: emptyLine,
		killed: '',
		history: history.slice(-inputHistoryLimit),
		recall: undefined,
		completion: undefined,
		beforePaste: undefined,
	};
}

/** Does the draft hold a paste of several lines (the box then asks)? */
export function pastedLines(state: EditorState): number {
	return state.beforePaste === undefined
		? 0
		: state.line.value.split('\n').length;
}

/** Apply the keys of one burst, in order; stops at a quit. */
export function editorKeys(
	start: EditorState,
	keys: readonly KeyEvent[],
	context: EditorContext,
): EditorResult {
	let state = start;
	const submitted: string[] = [];
	const remembered: string[] = [];
	for (const key of keys) {
		const result = editorKey(state, key, context);
		state = result.state;
		submitted.push(...result.submitted);
		remembered.push(...result.remembered);
		if (result.quit) return {state, submitted, remembered, quit: true};
	}

	return {state, submitted, remembered, quit: false};
}

/** Apply one key event. */
export function editorKey(
	state: EditorState,
	key: KeyEvent,
	context: EditorContext,
): EditorResult {
	const result = apply({...state, completion: undefined}, key, context, state);
	// The paste question goes once its line breaks are gone.
	const {line, beforePaste} = result.state;
	return beforePaste !== undefined && !line.value.includes('\n')
		? {...result, state: {...result.state, beforePaste: undefined}}
		: result;
}

function apply(
	state: EditorState,
	key: KeyEvent,
	context: EditorContext,
	previous: EditorState,
): EditorResult {
	const to = (changes: Partial<EditorState>) => only({...state, ...changes});
	switch (key.type) {
		case 'text': {
			return to({line: insertText(state.line, key.text)});
		}

		case 'paste': {
			return paste(state, key.text);
		}

		case 'key': {
			break;
		}
	}

	if (isBare(key, 'enter')) return enter(state);
	if (key.ctrl && !key.meta && key.name === 'c') return interrupt(state);
	if (isBare(key, 'escape')) {
		return state.beforePaste === undefined
			? only(state)
			: to({line: state.beforePaste, beforePaste: undefined});
	}

	if (key.name === 'tab' && !key.ctrl && !key.meta) {
		return tab(state, previous.completion, key.shift ? -1 : 1, context);
	}

	if (isBare(key, 'up') || isBare(key, 'down')) {
		return recall(state, key.name === 'up' ? -1 : 1);
	}

	const edit = editLine(state.line, key, state.killed);
	if (edit === undefined) return only(previous);
	return to({line: edit.line, killed: edit.killed ?? state.killed});
}

function only(state: EditorState): EditorResult {
	return {state, submitted: [], remembered: [], quit: false};
}

function isBare(key: KeyPress, name: string): boolean {
	return key.name === name && !key.ctrl && !key.meta && !key.shift;
}

/**
 * Enter: the line runs (and is kept for Up unless it is blank or the same
 * as the last); the lines of a paste are sent as text, each, none kept.
 */
function enter(state: EditorState): EditorResult {
	const {value} = state.line;
	const cleared = {...state, line: emptyLine, recall: undefined};
	if (state.beforePaste !== undefined) {
		const lines = value
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => (line.startsWith('/') ? `/${line}` : line));
		return {
			state: {...cleared, beforePaste: undefined},
			submitted: lines,
			remembered: [],
			quit: false,
		};
	}

	const keep = value.trim() !== '' && value !== state.history.at(-1);
	return {
		state: keep
			? {
					...cleared,
					history: [...state.history, value].slice(-inputHistoryLimit),
				}
			: cleared,
		submitted: [value],
		remembered: keep ? [value] : [],
		quit: false,
	};
}

/** Ctrl-C: clear what is typed (or pasted); on an empty line, quit. */
function interrupt(state: EditorState): EditorResult {
	if (state.line.value === '' && state.beforePaste === undefined) {
		return {...only(state), quit: true};
	}

	return only({
		...state,
		line: emptyLine,
		killed: state.line.value === '' ? state.killed : state.line.value,
		recall: undefined,
		beforePaste: undefined,
	});
}

/**
 * A paste goes in at the cursor. With line breaks in it the box asks
 * before sending; a last line break is left out (copying a line usually
 * takes its end too), so Enter is still the user's to press.
 */
function paste(state: EditorState, text: string): EditorResult {
	const normal = text.replaceAll(/\r\n?/g, '\n').replace(/\n$/, '');
	const line = insertText(state.line, normal);
	return only({
		...state,
		line,
		beforePaste: normal.includes('\n')
			? (state.beforePaste ?? state.line)
			: state.beforePaste,
	});
}

/** Tab: the next candidate if Tab was the last key, else start a cycle. */
function tab(
	state: EditorState,
	cycle: Completion | undefined,
	step: 1 | -1,
	context: EditorContext,
): EditorResult {
	let completion: Completion | undefined;
	if (cycle === undefined) {
		const found = completionAt(state.line, context.words());
		if (found === undefined) return only(state);
		completion = {
			...found,
			index: step === 1 ? 0 : found.candidates.length - 1,
		};
	} else {
		const count = cycle.candidates.length;
		completion = {...cycle, index: (cycle.index + step + count) % count};
	}

	return only({
		...state,
		line: applyCompletion(state.line, completion),
		completion,
	});
}

/** Up (-1) and Down (1) through the history; below the newest is the draft. */
function recall(state: EditorState, step: -1 | 1): EditorResult {
	const {history} = state;
	if (history.length === 0) return only(state);
	const index = (state.recall?.index ?? history.length) + step;
	if (index < 0) return only(state);
	if (index >= history.length) {
		return state.recall === undefined
			? only(state)
			: only({...state, line: state.recall.draft, recall: undefined});
	}

	const value = history[index] ?? '';
	return only({
		...state,
		line: {value, cursor: value.length},
		recall: {index, draft: state.recall?.draft ?? state.line},
	});
}
