/**
 * The line editor's logic, pure: given the current text and cursor and one
 * key from Ink's `useInput`, return the next text and cursor and any lines
 * to submit. The input box keeps this state in a ref so that keys arriving
 * faster than React re-renders are applied in order to the latest text
 * (ink-text-input reads its value from the last render and drops or
 * reorders such keys: seen with tmux send-keys, one call per character).
 */
import type {Key} from 'ink';

/** Text being edited, and the cursor as an index into it (UTF-16 units). */
export type LineState = {readonly value: string; readonly cursor: number};

/** The result of one key. */
export type LineEdit = {
	readonly state: LineState;
	/** Complete lines to submit, in order (Enter, or line breaks in a paste). */
	readonly submitted: readonly string[];
};

/** An empty editor. */
export const emptyLine: LineState = {value: '', cursor: 0};

/** Apply one key; `state` is returned unchanged for keys the editor ignores. */
export function editLine(state: LineState, input: string, key: Key): LineEdit {
	const {value, cursor} = state;
	const same = {state, submitted: []};
	const to = (next: string, at: number): LineEdit => ({
		state: {value: next, cursor: at},
		submitted: [],
	});

	if (key.return) {
		return {state: emptyLine, submitted: [value]};
	}

	if (key.ctrl) {
		switch (input) {
			case 'a': {
				return to(value, 0);
			}

			case 'e': {
				return to(value, value.length);
			}

			case 'u': {
				return to(value.slice(cursor), 0);
			}

			case 'k': {
				return to(value.slice(0, cursor), cursor);
			}

			case 'w': {
				const start = wordStart(value, cursor);
				return to(value.slice(0, start) + value.slice(cursor), start);
			}

			default: {
				return same;
			}
		}
	}

	// Terminals send 0x7f for Backspace, which Ink reports as `delete`.
	if (key.backspace || key.delete) {
		const start = previousBoundary(value, cursor);
		return to(value.slice(0, start) + value.slice(cursor), start);
	}

	if (key.leftArrow) {
		return to(value, previousBoundary(value, cursor));
	}

	if (key.rightArrow) {
		return to(value, nextBoundary(value, cursor));
	}

	if (key.meta || key.tab || input === '') {
		// Alt-combinations, Tab, arrows and paging keys are not text.
		return same;
	}

	return insert(state, input);
}

/**
 * Insert typed or pasted text at the cursor. Ink passes a chunk of several
 * keys as one string (a paste, `tmux send-keys 'abc' Enter`), so line
 * breaks inside it submit the line so far, Backspace characters erase, and
 * other control characters are dropped rather than sent to peers.
 */
function insert({value, cursor}: LineState, text: string): LineEdit {
	let before = value.slice(0, cursor);
	const after = value.slice(cursor);
	const submitted: string[] = [];
	let previous = '';
	for (const char of text) {
		if (char === '\r' || (char === '\n' && previous !== '\r')) {
			submitted.push(before);
			before = '';
		} else if (char === '\u007F' || char === '\b') {
			before = before.slice(0, previousBoundary(before, before.length));
		} else if (char === '\t' || (char >= ' ' && !isC1Control(char))) {
			before += char;
		}

		previous = char;
	}

	// Text after the cursor stays after it, on the last (unsubmitted) line.
	return {
		state: {value: before + after, cursor: before.length},
		submitted,
	};
}

function isC1Control(char: string): boolean {
	return char >= '\u0080' && char <= '\u009F';
}

function previousBoundary(value: string, cursor: number): number {
	if (cursor <= 0) {
		return 0;
	}

	// Step over a whole surrogate pair (emoji, rare CJK), never half of one.
	const low = value.codePointAt(cursor - 1) ?? 0;
	const isLowSurrogate = low >= 0xdc_00 && low <= 0xdf_ff;
	return cursor - (isLowSurrogate && cursor >= 2 ? 2 : 1);
}

function nextBoundary(value: string, cursor: number): number {
	if (cursor >= value.length) {
		return value.length;
	}

	return cursor + ((value.codePointAt(cursor) ?? 0) > 0xff_ff ? 2 : 1);
}

function wordStart(value: string, cursor: number): number {
	let index = cursor;
	while (index > 0 && value[index - 1] === ' ') {
		index--;
	}

	while (index > 0 && value[index - 1] !== ' ') {
		index--;
	}

	return index;
}
