/**
 * What a terminal sends on stdin, read as key events. Ink 6.8's `useInput`
 * cannot be trusted with it: a chunk of text with a colour code in it
 * (`\e[31m`) crashes it (`keypress.name` undefined with ctrl), it reports
 * Backspace and Delete alike, it has no bracketed paste, and control keys
 * that come in one chunk with text (`abc`, Ctrl-U, `def`) are lost inside
 * the text. So the UI parses the stream itself, here, as a pure state
 * machine: no byte sequence can make it throw, every escape sequence it
 * does not know is swallowed whole (colour codes, OSC titles, mouse and
 * focus reports), and text is never lost with them.
 *
 * Bytes are decoded as UTF-8 (a malformed byte becomes U+FFFD, also across
 * chunk boundaries); strings (Ink's stdin is set to `utf8`) have lone
 * surrogates replaced the same way.
 */

import {controlKey, type KeyEvent, type KeyPress} from './key-event.js';
import {lonePrefix, readEscape, type Escaped} from './escape-sequence.js';

export type {KeyEvent, KeyPress, PasteEvent, TextEvent} from './key-event.js';
export {foldPastes, keyPress} from './key-event.js';

/** A pasted text longer than this (UTF-16 units) is cut: far beyond a chat line. */
export const maxPasteLength = 256 * 1024;

/**
 * The parser of one input stream. `push` takes what came, returns the
 * events it completes and keeps an unfinished escape sequence for the next
 * chunk; `flush` says the input paused (a lone ESC was the Escape key).
 */
export class KeyParser {
	readonly #decoder = new TextDecoder('utf-8');
	/** The start of an escape sequence, waiting for the rest. */
	#pending = '';
	/** Inside a bracketed paste: the text so far. */
	#paste: string | undefined;
	/** The last character was a CR: a LF right after it is the same line break. */
	#afterCr = false;

	/** Is an escape sequence or a bracketed paste waiting for more input? */
	get waiting(): 'escape' | 'paste' | undefined {
		if (this.#paste !== undefined) return 'paste';
		return this.#pending === '' ? undefined : 'escape';
	}

	/** Read a chunk of input; returns the events it completes, in order. */
	push(chunk: string | Uint8Array): KeyEvent[] {
		const text =
			typeof chunk === 'string'
				? wellFormed(chunk)
				: this.#decoder.decode(chunk, {stream: true});
		const input = this.#pending + text;
		this.#pending = '';
		const events: KeyEvent[] = [];
		this.#parse(input, events);
		return events;
	}

	/**
	 * The input paused with an escape sequence unfinished: a lone ESC is
	 * the Escape key, ESC and one character an Alt chord, anything longer
	 * is dropped. A bracketed paste goes on (its end may come later).
	 */
	flush(): KeyEvent[] {
		// Inside a paste it may be the start of the end marker.
		if (this.#paste !== undefined) return [];
		const pending = this.#pending;
		this.#pending = '';
		const events: KeyEvent[] = [];
		const key = lonePrefix(pending);
		if (key !== undefined) this.#emit(events, key);
		return events;
	}

	/** The end of a paste never came: what was pasted so far, as a paste. */
	endPaste(): KeyEvent[] {
		const events: KeyEvent[] = [];
		if (this.#paste !== undefined) {
			// An unfinished sequence inside it was not text either.
			this.#pending = '';
			this.#finishPaste(events);
		}

		return events;
	}

	#parse(input: string, events: KeyEvent[]): void {
		let index = 0;
		while (index < input.length) {
			const code = input.codePointAt(index) ?? 0;
			if (code === 0x1b) {
				const escaped = readEscape(input, index);
				if (escaped.kind === 'incomplete') {
					this.#pending = input.slice(index);
					return;
				}

				this.#afterCr = false;
				this.#escaped(escaped, events);
				index = escaped.next;
			} else if (code < 0x20 || code === 0x7f) {
				const crlf = code === 0x0a && this.#afterCr;
				this.#afterCr = code === 0x0d;
				if (!crlf) this.#emit(events, controlKey(code));
				index++;
			} else if (code >= 0x80 && code <= 0x9f) {
				// C1 controls: never typed, never shown.
				this.#afterCr = false;
				index++;
			} else {
				this.#afterCr = false;
				const end = textEnd(input, index);
				this.#text(events, input.slice(index, end));
				index = end;
			}
		}
	}

	#escaped(
		escaped: Exclude<Escaped, {kind: 'incomplete'}>,
		events: KeyEvent[],
	) {
		switch (escaped.kind) {
			case 'key': {
				this.#emit(events, escaped.key);
				break;
			}

			case 'paste-start': {
				this.#paste ??= '';
				break;
			}

			case 'paste-end': {
				if (this.#paste !== undefined) this.#finishPaste(events);
				break;
			}

			case 'swallow': {
				break;
			}
		}
	}

	#finishPaste(events: KeyEvent[]): void {
		const text = this.#paste ?? '';
		this.#paste = undefined;
		if (text !== '') events.push({type: 'paste', text, bracketed: true});
	}

	/** Text, into the paste if one is open, else merged with text just before it. */
	#text(events: KeyEvent[], text: string): void {
		if (this.#paste !== undefined) {
			this.#addToPaste(text);
			return;
		}

		const last = events.at(-1);
		if (last?.type === 'text') {
			events[events.length - 1] = {type: 'text', text: last.text + text};
		} else {
			events.push({type: 'text', text});
		}
	}

	/** A key; inside a paste only line breaks, tabs and Alt-chars are text. */
	#emit(events: KeyEvent[], key: KeyPress): void {
		if (this.#paste === undefined) {
			events.push(key);
			return;
		}

		if (key.name === 'enter' && !key.ctrl) this.#addToPaste('\n');
		else if (key.name === 'tab' && !key.ctrl) this.#addToPaste('\t');
		else if (key.meta && !key.ctrl && [...key.name].length === 1) {
			// A stray ESC before a character: the character is text.
			this.#addToPaste(key.shift ? key.name.toUpperCase() : key.name);
		}
	}

	#addToPaste(text: string): void {
		const paste = this.#paste ?? '';
		if (paste.length < maxPasteLength) {
			this.#paste = paste + text.slice(0, maxPasteLength - paste.length);
		}
	}
}

/** Where the run of text that starts at `start` ends. */
function textEnd(input: string, start: number): number {
	let index = start;
	while (index < input.length) {
		const code = input.codePointAt(index) ?? 0;
		if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) {
			break;
		}

		index += code > 0xff_ff ? 2 : 1;
	}

	return index;
}

/** `text` with each lone surrogate (half of a pair) replaced by U+FFFD. */
function wellFormed(text: string): string {
	return text.replaceAll(
		/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
		'\uFFFD',
	);
}
