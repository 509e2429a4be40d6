/**
 * Dialect detection on a shared port. A legacy message always starts with the
 * sender's port, so its first byte is an ASCII digit or `+` (the reference
 * accepts `+7001`). Anything else belongs to another dialect; the native
 * secure dialect (a later addition) opens with colon-free magic bytes so that
 * a legacy node only logs it as malformed.
 */

/** How an inbound connection is handled, decided by its first byte. */
export type InboundDialect = 'legacy' | 'other';

export function classifyFirstByte(byte: number): InboundDialect {
	const isDigit = byte >= 0x30 && byte <= 0x39;
	const isPlus = byte === 0x2b;
	return isDigit || isPlus ? 'legacy' : 'other';
}
