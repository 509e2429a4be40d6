/**
 * Nicks are short labels, not identities: 1 to 32 characters with no white
 * space and no control characters (which could move a terminal's cursor or
 * fake a line break in someone else's screen).
 */
export const nickPattern = /^[^\s\p{Cc}]{1,32}$/u;

export function isValidNick(nick: string): boolean {
	return nickPattern.test(nick);
}
