/**
 * Key events: what the key parser (`key-parser.ts`) makes of terminal
 * input, and what the line editor and the scroll keys act on.
 */

/** Printable text typed (control characters never appear in it). */
export type TextEvent = {readonly type: 'text'; readonly text: string};

/**
 * Text pasted: between the bracketed-paste markers (`\e[200~` …
 * `\e[201~`), or several lines of text that came in one burst (a terminal
 * without bracketed paste: see `foldPastes`). Line breaks are `\n`, escape
 * sequences and other control characters are taken out.
 */
export type PasteEvent = {
	readonly type: 'paste';
	readonly text: string;
	readonly bracketed: boolean;
};

/**
 * A key that is not text. `name` is a word for a named key (`enter`, `tab`,
 * `backspace`, `delete`, `escape`, `up`, `down`, `left`, `right`, `home`,
 * `end`, `pageup`, `pagedown`, `insert`, `f1` … `f12`, `space`), or the
 * character of a chord: `a` with `ctrl` is Ctrl-A, `b` with `meta` is Alt-B.
 */
export type KeyPress = {
	readonly type: 'key';
	readonly name: string;
	readonly ctrl: boolean;
	readonly meta: boolean;
	readonly shift: boolean;
};

export type KeyEvent = TextEvent | PasteEvent | KeyPress;

/** A key with no modifiers (or the ones given). */
export function keyPress(
	name: string,
	modifiers: Partial<Omit<KeyPress, 'type' | 'name'>> = {},
): KeyPress {
	return {
		type: 'key',
		name,
		ctrl: modifiers.ctrl ?? false,
		meta: modifiers.meta ?? false,
		shift: modifiers.shift ?? false,
	};
}

/** A control character (C0 or DEL) as a key. */
export function controlKey(code: number): KeyPress {
	switch (code) {
		case 0x0d:
		case 0x0a: {
			return keyPress('enter');
		}

		case 0x09: {
			return keyPress('tab');
		}

		// DEL is what Backspace sends; BS is Ctrl-H (Backspace on some terminals).
		case 0x7f:
		case 0x08: {
			return keyPress('backspace');
		}

		case 0x00: {
			return keyPress('space', {ctrl: true});
		}

		default: {
			// 0x01-0x1a are Ctrl-A … Ctrl-Z; 0x1c-0x1f Ctrl-\ ] ^ _.
			const char = String.fromCodePoint(code + (code <= 0x1a ? 0x60 : 0x40));
			return keyPress(char, {ctrl: true});
		}
	}
}

/**
 * Runs of text and line breaks that came in one burst, with text after a
 * line break, are a paste (a terminal without bracketed paste, or a script):
 * nobody types a second line within the same read. Folded into one paste
 * event, so the editor asks before sending them, as irssi's paste_verify.
 * Text and a final Enter (`abc\r`) stay as they are.
 */
export function foldPastes(events: readonly KeyEvent[]): KeyEvent[] {
	const folded: KeyEvent[] = [];
	let run: KeyEvent[] = [];
	const endRun = () => {
		if (isPasteRun(run)) {
			folded.push({
				type: 'paste',
				text: run.map((event) => pastedText(event)).join(''),
				bracketed: false,
			});
		} else {
			folded.push(...run);
		}

		run = [];
	};

	for (const event of events) {
		if (
			event.type === 'text' ||
			isPlain(event, 'enter') ||
			isPlain(event, 'tab')
		) {
			run.push(event);
		} else {
			endRun();
			folded.push(event);
		}
	}

	endRun();
	return folded;
}

function isPasteRun(run: readonly KeyEvent[]): boolean {
	let broken = false;
	for (const event of run) {
		if (event.type === 'key' && event.name === 'enter') broken = true;
		else if (event.type === 'text' && broken) return true;
	}

	return false;
}

function pastedText(event: KeyEvent): string {
	if (event.type !== 'key') return event.text;
	return event.name === 'enter' ? '\n' : '\t';
}

function isPlain(event: KeyEvent, name: string): boolean {
	return (
		event.type === 'key' &&
		event.name === name &&
		!event.ctrl &&
		!event.meta &&
		!event.shift
	);
}
