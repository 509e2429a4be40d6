/**
 * Characters a peer could use to fool a reader: ones that reorder text
 * (bidirectional controls, as in "Trojan Source", Boucher and Anderson,
 * 2021), ones that are invisible (zero-width spaces, word joiners, the byte
 * order mark), and separators that break a line where a terminal shows
 * none. Nicks refuse them, and every screen (the UI and headless output)
 * removes them from what peers send.
 */

/** U+2028 and U+2029: line and paragraph separators (a line break on some screens). */
export function isLineSeparator(code: number): boolean {
	return code === 0x20_28 || code === 0x20_29;
}

/**
 * Invisible format characters (Unicode category Cf), except the zero-width
 * joiner and non-joiner, which shape emoji and several scripts and cannot
 * reorder or hide text.
 */
export function isInvisible(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	if (code === 0x20_0c || code === 0x20_0d) return false;
	return formatCharacter.test(char);
}

const formatCharacter = /^\p{Cf}$/u;
const beyondAscii = /[\u0080-\u{10FFFF}]/v;

/**
 * Remove invisible characters and make line separators visible (U+FFFD),
 * for text that is printed on one line (headless output, labels).
 */
export function withoutInvisible(text: string): string {
	// Every such character is beyond ASCII, as most lines are not: one scan.
	if (!beyondAscii.test(text)) return text;
	let result = '';
	for (const char of text) {
		if (isLineSeparator(char.codePointAt(0) ?? 0)) result += '\uFFFD';
		else if (!isInvisible(char)) result += char;
	}

	return result;
}
