/**
 * Escape sequences on terminal input: the keys they are (cursor, paging and
 * function keys in xterm's, rxvt's and the Linux console's forms, with
 * their modifiers, and Alt chords), and the ones that are no key (colour
 * codes, OSC titles and hyperlinks, DCS, mouse and focus reports), read to
 * their end so they can be dropped whole. Pure functions of the input.
 */
import {controlKey, keyPress, type KeyPress} from './key-event.js';

/** An escape sequence longer than this is not one a terminal sends: dropped. */
const maxControlLength = 64;

/** An OSC/DCS string longer than this is dropped, so it cannot hold input forever. */
const maxStringLength = 8192;

const escape = '\u001B';

/** How one escape sequence at the start of the unread input reads. */
export type Escaped =
	/** Not complete yet: wait for more input (or `flush`). */
	| {readonly kind: 'incomplete'}
	/** A key, then the input goes on at `next`. */
	| {readonly kind: 'key'; readonly key: KeyPress; readonly next: number}
	/** Not a key (or not one we know): nothing, then `next`. */
	| {readonly kind: 'swallow'; readonly next: number}
	/** Bracketed paste starts or ends. */
	| {readonly kind: 'paste-start' | 'paste-end'; readonly next: number};

/** Keys of `ESC [ n ~` (and rxvt's `^`, `$`, `@` finals), by `n`. */
const tildeKeys: ReadonlyMap<string, string> = new Map([
	['1', 'home'],
	['2', 'insert'],
	['3', 'delete'],
	['4', 'end'],
	['5', 'pageup'],
	['6', 'pagedown'],
	['7', 'home'],
	['8', 'end'],
	['11', 'f1'],
	['12', 'f2'],
	['13', 'f3'],
	['14', 'f4'],
	['15', 'f5'],
	['17', 'f6'],
	['18', 'f7'],
	['19', 'f8'],
	['20', 'f9'],
	['21', 'f10'],
	['23', 'f11'],
	['24', 'f12'],
]);

/** Keys of `ESC [ <final>` and `ESC O <final>`, by the final character. */
const letterKeys: ReadonlyMap<string, string> = new Map([
	['A', 'up'],
	['B', 'down'],
	['C', 'right'],
	['D', 'left'],
	['H', 'home'],
	['F', 'end'],
	['P', 'f1'],
	['Q', 'f2'],
	['R', 'f3'],
	['S', 'f4'],
]);

/** The Linux console's F1-F5: `ESC [ [ A` … `ESC [ [ E`. */
const consoleKeys: ReadonlyMap<string, string> = new Map([
	['A', 'f1'],
	['B', 'f2'],
	['C', 'f3'],
	['D', 'f4'],
	['E', 'f5'],
]);

/** Read the escape sequence that starts at `start` (an ESC). */
export function readEscape(input: string, start: number): Escaped {
	const next = input[start + 1];
	if (next === undefined) return {kind: 'incomplete'};
	switch (next) {
		case '[': {
			return readCsi(input, start);
		}

		case 'O': {
			return readSs3(input, start);
		}

		case ']':
		case 'P':
		case '_':
		case '^':
		case 'X': {
			return readString(input, start);
		}

		case escape: {
			return metaPrefixed(input, start);
		}

		default: {
			return altChord(input, start);
		}
	}
}

/**
 * ESC ESC …: Alt with the key after it (some terminals send Alt-Up so), or
 * Escape twice. Only one level: a run of ESCs is Escape keys one by one,
 * never a recursion as deep as the run.
 */
function metaPrefixed(input: string, start: number): Escaped {
	const after = input[start + 2];
	if (after === undefined) return {kind: 'incomplete'};
	if (after === escape) {
		return {kind: 'key', key: keyPress('escape'), next: start + 1};
	}

	const inner = readEscape(input, start + 1);
	return inner.kind === 'key'
		? {...inner, key: {...inner.key, meta: true}}
		: inner;
}

/** ESC and one character: an Alt chord (Alt-b, Alt-Backspace, Alt-Enter). */
function altChord(input: string, start: number): Escaped {
	const code = input.codePointAt(start + 1) ?? 0;
	const length = code > 0xff_ff ? 2 : 1;
	const next = start + 1 + length;
	if (code >= 0x80 && code <= 0x9f) return {kind: 'swallow', next};
	if (code < 0x20 || code === 0x7f) {
		return {kind: 'key', key: {...controlKey(code), meta: true}, next};
	}

	const char = String.fromCodePoint(code);
	const lower = char.toLowerCase();
	return {
		kind: 'key',
		key: keyPress(lower, {meta: true, shift: lower !== char}),
		next,
	};
}

/** `ESC [` parameters, intermediates, final (ECMA-48), or the Linux console's `ESC [ [ X`. */
function readCsi(input: string, start: number): Escaped {
	const body = start + 2;
	if (input[body] === '[') {
		const final = input[body + 1];
		if (final === undefined) return {kind: 'incomplete'};
		const name = consoleKeys.get(final);
		return name === undefined
			? {kind: 'swallow', next: body + 2}
			: {kind: 'key', key: keyPress(name), next: body + 2};
	}

	let index = body;
	while (index < input.length) {
		const code = input.codePointAt(index) ?? 0;
		if (index - start > maxControlLength) {
			return {kind: 'swallow', next: index};
		}

		// Rxvt's Shift forms end in `$`, elsewhere an intermediate byte.
		if (code === 0x24 && /^\d+$/.test(input.slice(body, index))) {
			return csiKey(input.slice(body, index), '$', index + 1);
		}

		if (code >= 0x20 && code <= 0x3f) {
			index++;
			continue;
		}

		if (code >= 0x40 && code <= 0x7e) {
			return csiKey(input.slice(body, index), input[index] ?? '', index + 1);
		}

		// Not part of a sequence: what came so far is dropped, this is read anew.
		return {kind: 'swallow', next: index};
	}

	return {kind: 'incomplete'};
}

function csiKey(parameters: string, final: string, next: number): Escaped {
	const [first = '', modifier] = parameters.split(';');
	const modifiers = modifiersOf(modifier);
	if (final === '~' || final === '^' || final === '$' || final === '@') {
		if (first === '200') return {kind: 'paste-start', next};
		if (first === '201') return {kind: 'paste-end', next};
		const name = tildeKeys.get(first);
		if (name === undefined) return {kind: 'swallow', next};
		// Rxvt marks Ctrl with `^`, Shift with `$`, both with `@`.
		const rxvt = {
			ctrl: final === '^' || final === '@',
			shift: final === '$' || final === '@',
		};
		return {
			kind: 'key',
			key: keyPress(name, {
				ctrl: modifiers.ctrl || rxvt.ctrl,
				meta: modifiers.meta,
				shift: modifiers.shift || rxvt.shift,
			}),
			next,
		};
	}

	if (final === 'Z' && parameters === '') {
		return {kind: 'key', key: keyPress('tab', {shift: true}), next};
	}

	const name = letterKeys.get(final);
	// Parameters other than `1;m` (colours `31m`, reports `12;40R`) are not keys.
	if (name === undefined || (parameters !== '' && first !== '1')) {
		return {kind: 'swallow', next};
	}

	return {kind: 'key', key: keyPress(name, modifiers), next};
}

/** Xterm's modifier parameter: 1 + (Shift 1, Alt 2, Ctrl 4, Meta 8). */
function modifiersOf(parameter: string | undefined): {
	ctrl: boolean;
	meta: boolean;
	shift: boolean;
} {
	const bits = Math.max(0, (Number.parseInt(parameter ?? '1', 10) || 1) - 1);
	const has = (bit: number) => Math.floor(bits / bit) % 2 === 1;
	return {shift: has(1), meta: has(2) || has(8), ctrl: has(4)};
}

/** `ESC O` and one character: SS3 keys (arrows, Home/End, F1-F4 in application mode). */
function readSs3(input: string, start: number): Escaped {
	const final = input[start + 2];
	if (final === undefined) return {kind: 'incomplete'};
	const code = final.codePointAt(0) ?? 0;
	if (code < 0x40 || code > 0x7e) return altChord(input, start);
	const name = letterKeys.get(final);
	const next = start + 3;
	return name === undefined
		? {kind: 'swallow', next}
		: {kind: 'key', key: keyPress(name), next};
}

/**
 * OSC, DCS, APC, PM and SOS: a string up to BEL or ST (`ESC \`). Another
 * ESC, CAN or SUB ends it too, as in xterm; so does a length no terminal
 * sends, so an unfinished one cannot swallow what is typed after it.
 */
function readString(input: string, start: number): Escaped {
	for (let index = start + 2; index < input.length; index++) {
		if (index - start > maxStringLength) return {kind: 'swallow', next: index};
		const char = input[index];
		if (char === '\u0007') return {kind: 'swallow', next: index + 1};
		if (char === '\u0018' || char === '\u001A') {
			return {kind: 'swallow', next: index + 1};
		}

		if (char === escape) {
			const after = input[index + 1];
			if (after === undefined) return {kind: 'incomplete'};
			return {kind: 'swallow', next: after === '\\' ? index + 2 : index};
		}
	}

	return {kind: 'incomplete'};
}

/**
 * What an unfinished sequence was when the input paused: a lone ESC is
 * Escape, ESC ESC is Escape too, ESC and one introducer an Alt chord
 * (`ESC [` is Alt-[); anything longer is dropped.
 */
export function lonePrefix(pending: string): KeyPress | undefined {
	if (pending === escape) return keyPress('escape');
	if (pending === escape + escape) return keyPress('escape', {meta: true});
	if (pending.length === 2 && pending.startsWith(escape)) {
		return keyPress(pending[1] ?? '', {meta: true});
	}

	return undefined;
}
