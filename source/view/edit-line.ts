/**
 * Editing one line of text, pure: the text and cursor before a key, the
 * text and cursor after it. The keys are readline's (what bash, irssi and
 * weechat have in common), so fingers trained elsewhere work here. The line
 * editor (`line-editor.ts`) adds what is more than one line: history,
 * completion, pastes, Enter and Ctrl-C.
 *
 * The cursor moves by code points, never into the middle of a surrogate
 * pair (emoji, rare CJK).
 */
import type {KeyPress} from './key-event.js';

/** Text being edited, and the cursor as an index into it (UTF-16 units). */
export type LineState = {readonly value: string; readonly cursor: number};

/** An empty line. */
export const emptyLine: LineState = {value: '', cursor: 0};

/** A key's effect: the line after it, and the text it cut, if it cut any (for Ctrl-Y). */
export type LineEdit = {readonly line: LineState; readonly killed?: string};

/** What an editing key does to a line, given the text Ctrl-Y would put back. */
type EditAction = (line: LineState, yank: string) => LineEdit;

const move =
	(to: (value: string, cursor: number) => number): EditAction =>
	({value, cursor}) => ({line: {value, cursor: to(value, cursor)}});

/** Take out `[from, to)`; `kill`: keep it for Ctrl-Y. */
const cut =
	(
		range: (value: string, cursor: number) => readonly [number, number],
		kill: boolean,
	): EditAction =>
	({value, cursor}) => {
		const [from, to] = range(value, cursor);
		const line = {value: value.slice(0, from) + value.slice(to), cursor: from};
		return kill ? {line, killed: value.slice(from, to)} : {line};
	};

const toStart = move(() => 0);
const toEnd = move((value) => value.length);
const back = move(previousBoundary);
const forward = move(nextBoundary);
const wordBack = move(wordBackward);
const wordOn = move(wordForward);

/** The editing keys, by chord (see `chord`). */
const actions: ReadonlyMap<string, EditAction> = new Map([
	['home', toStart],
	['C-a', toStart],
	['end', toEnd],
	['C-e', toEnd],
	['left', back],
	['C-b', back],
	['right', forward],
	['C-f', forward],
	['M-b', wordBack],
	['M-left', wordBack],
	['C-left', wordBack],
	['M-f', wordOn],
	['M-right', wordOn],
	['C-right', wordOn],
	[
		'backspace',
		cut((value, cursor) => [previousBoundary(value, cursor), cursor], false),
	],
	[
		'delete',
		cut((value, cursor) => [cursor, nextBoundary(value, cursor)], false),
	],
	['C-d', cut((value, cursor) => [cursor, nextBoundary(value, cursor)], false)],
	['C-u', cut((_, cursor) => [0, cursor], true)],
	['C-k', cut((value, cursor) => [cursor, value.length], true)],
	[
		'C-w',
		cut((value, cursor) => [spaceWordStart(value, cursor), cursor], true),
	],
	[
		'M-backspace',
		cut((value, cursor) => [wordBackward(value, cursor), cursor], true),
	],
	['M-d', cut((value, cursor) => [cursor, wordForward(value, cursor)], true)],
	['C-y', (line, yank) => ({line: insertText(line, yank)})],
]);

/**
 * Apply an editing key. `yank` is the text Ctrl-Y puts back. Undefined for
 * a key that does not edit (Enter, Tab, Up, paging keys, Ctrl-Home …).
 */
export function editLine(
	line: LineState,
	key: KeyPress,
	yank: string,
): LineEdit | undefined {
	return actions.get(chord(key))?.(line, yank);
}

/**
 * A key as emacs writes it: `C-a` is Ctrl-A, `M-b` Alt-B, `left` the bare
 * arrow; Shift is ignored (Shift-Left moves as Left does).
 */
function chord(key: KeyPress): string {
	if (key.ctrl && key.meta) return '';
	if (key.ctrl) return `C-${key.name}`;
	if (key.meta) return `M-${key.name}`;
	return key.name;
}

/**
 * Insert text at the cursor. Control characters other than tab and line
 * break (which only a paste brings) are dropped: they are never sent to
 * peers.
 */
export function insertText(
	{value, cursor}: LineState,
	text: string,
): LineState {
	let clean = '';
	for (const char of text) {
		if (char === '\n' || char === '\t' || !isControl(char)) clean += char;
	}

	return {
		value: value.slice(0, cursor) + clean + value.slice(cursor),
		cursor: cursor + clean.length,
	};
}

function isControl(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function previousBoundary(value: string, cursor: number): number {
	if (cursor <= 0) return 0;
	// Step over a whole surrogate pair, never half of one.
	const low = value.codePointAt(cursor - 1) ?? 0;
	const isLowSurrogate = low >= 0xdc_00 && low <= 0xdf_ff;
	return cursor - (isLowSurrogate && cursor >= 2 ? 2 : 1);
}

function nextBoundary(value: string, cursor: number): number {
	if (cursor >= value.length) return value.length;
	return cursor + ((value.codePointAt(cursor) ?? 0) > 0xff_ff ? 2 : 1);
}

const wordChar = /[\p{L}\p{N}\p{M}]/u;

function isWordAt(value: string, index: number): boolean {
	return wordChar.test(value[index] ?? '');
}

/** Readline's backward-word: to the start of this word or the one before. */
function wordBackward(value: string, cursor: number): number {
	let index = cursor;
	while (index > 0 && !isWordAt(value, index - 1)) index--;
	while (index > 0 && isWordAt(value, index - 1)) index--;
	return index;
}

/** Readline's forward-word: to the end of this word or the next. */
function wordForward(value: string, cursor: number): number {
	let index = cursor;
	while (index < value.length && !isWordAt(value, index)) index++;
	while (index < value.length && isWordAt(value, index)) index++;
	return index;
}

/** Ctrl-W's word: back over spaces, then to the previous space (unix-word-rubout). */
function spaceWordStart(value: string, cursor: number): number {
	let index = cursor;
	while (index > 0 && /\s/.test(value[index - 1] ?? '')) index--;
	while (index > 0 && !/\s/.test(value[index - 1] ?? '')) index--;
	return index;
}
