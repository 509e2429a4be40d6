/**
 * Nicks are short labels, not identities: 1 to `maxNickLength` characters
 * with no white space, no control characters (which could move a
 * terminal's cursor or fake a line break in someone else's screen), no
 * invisible ones (which could reorder or hide text: `invisible-text.ts`),
 * and nothing that looks like the `·` the UI puts between a nick and its
 * key's fingerprint: `bob·c78f5f2c` must not be typeable as a nick.
 */
import {isInvisible} from './invisible-text.js';
import {maxNickLength} from './limits.js';

/**
 * The middle dot and characters a reader could take for it: Greek ano
 * teleia, runic punctuation, bullets, hyphenation point, bullet and dot
 * operators, word separator and raised dots, katakana middle dots, and
 * others of that shape.
 */
const dotLike = new Set([
	0xb7, 0x3_87, 0x14_27, 0x16_eb, 0x18_06, 0x20_22, 0x20_27, 0x20_2f, 0x22_19,
	0x22_c5, 0x23_fa, 0x25_cf, 0x25_e6, 0x2e_31, 0x2e_33, 0x30_fb, 0xa7_8f,
	0xff_65, 0x1_01_01,
]);

/** What is wrong with `nick`, in words for the user, or undefined when it is fine. */
export function nickProblem(nick: string): string | undefined {
	const chars = [...nick];
	if (chars.length === 0) return 'a nick cannot be empty';
	if (chars.length > maxNickLength) {
		return `a nick is at most ${maxNickLength} characters`;
	}

	if (/\s/u.test(nick)) return 'a nick cannot contain spaces';
	if (/\p{Cc}/u.test(nick) || chars.some((char) => isInvisible(char))) {
		return 'a nick cannot contain control or invisible characters';
	}

	if (chars.some((char) => dotLike.has(char.codePointAt(0) ?? 0))) {
		return 'a nick cannot contain · or a dot like it (it separates a nick from its key)';
	}

	return undefined;
}

export function isValidNick(nick: string): boolean {
	return nickProblem(nick) === undefined;
}
