/**
 * Nicks are short labels, not identities: 1 to `maxNickLength` characters
 * with no white space and no control characters (which could move a
 * terminal's cursor or fake a line break in someone else's screen).
 */
import {maxNickLength} from './limits.js';

export const nickPattern = new RegExp(
	String.raw`^[^\s\p{Cc}]{1,${maxNickLength}}$`,
	'u',
);

export function isValidNick(nick: string): boolean {
	return nickPattern.test(nick);
}
