/**
 * Whether a line mentions a nick: the nick as a word of its own, in any
 * case (`Bob:`, `@bob`, `bob's` mention bob; `bobby` and `kebob` do not).
 * The service counts mentions with it and the message pane highlights them
 * with it, so the two always agree.
 */

import type {EntryContent} from './types.js';

// A nick is delimited by anything that is not a letter, digit, mark or `_`.
const wordChar = String.raw`[\p{L}\p{N}\p{M}_]`;

let cached: {nick: string; pattern: RegExp} | undefined;

function patternOf(nick: string): RegExp {
	if (cached?.nick !== nick) {
		const escaped = nick.replaceAll(/[\\^$.*+?()[\]{}|/]/g, String.raw`\$&`);
		cached = {
			nick,
			pattern: new RegExp(`(?<!${wordChar})${escaped}(?!${wordChar})`, 'iu'),
		};
	}

	return cached.pattern;
}

/** Whether `text` mentions `nick` (never true for an empty nick). */
export function mentions(text: string, nick: string): boolean {
	return nick.length > 0 && patternOf(nick).test(text);
}

/** Whether `entry` is a line from someone else that mentions `nick`. */
export function mentionsNick(entry: EntryContent, nick: string): boolean {
	return entry.kind === 'chat' && mentions(entry.text, nick);
}
