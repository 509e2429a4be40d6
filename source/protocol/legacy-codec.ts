/**
 * The seed's plain-text "legacy" wire format (see docs/PROTOCOL.md and the
 * seed's REFERENCE.md): one TCP connection per message carrying
 * `<sender's listening port>:<text>`, no newline, at most 4096 bytes, answered
 * with `Message received` and a close. Pure: bytes in, values out.
 */

/** The reference reads once into a buffer of this size; longer input is cut there. */
export const legacyFrameLimit = 4096;

/** What a legacy receiver writes back before closing, even for malformed input. */
export const legacyReply = 'Message received';

const encoder = new TextEncoder();
// Lossy, like the reference's `String::from_utf8_lossy`: bad bytes become U+FFFD.
const decoder = new TextDecoder('utf-8', {fatal: false});

/** A parsed inbound legacy message. */
export type LegacyMessage = {
	/** The port the sender says it listens on (0 is possible: see `registrable`). */
	readonly port: number;
	readonly text: string;
	/** False for port 0: nothing can be sent back there, so it is not registered. */
	readonly registrable: boolean;
};

/** Why an inbound legacy payload was rejected. */
export type LegacyParseError = {
	readonly error: 'no-colon' | 'bad-port';
	readonly detail: string;
};

/**
 * Parse one inbound payload. Like the reference: split at the FIRST `:`, the
 * port is an unsigned 16-bit decimal with an optional leading `+`. Unlike it,
 * one trailing `\r\n` or `\n` is removed from the text, because `echo hi | nc`
 * sends one and a chat line never ends in a newline.
 */
export function parseLegacy(
	bytes: Uint8Array,
): LegacyMessage | LegacyParseError {
	const decoded = decoder.decode(bytes);
	const colon = decoded.indexOf(':');
	if (colon === -1) {
		return {error: 'no-colon', detail: 'no ":" after the port'};
	}

	const header = decoded.slice(0, colon);
	if (!/^\+?\d{1,5}$/.test(header)) {
		return {error: 'bad-port', detail: `"${preview(header)}" is not a port`};
	}

	const port = Number(header.replace('+', ''));
	if (port > 65_535) {
		return {error: 'bad-port', detail: `${port} is above 65535`};
	}

	const text = decoded.slice(colon + 1).replace(/\r?\n$/, '');
	return {port, text, registrable: port !== 0};
}

/** Narrow a parse result. */
export function isLegacyParseError(
	result: LegacyMessage | LegacyParseError,
): result is LegacyParseError {
	return 'error' in result;
}

/**
 * Turn a typed line into what the reference would send for it: trailing
 * `\n`/`\r\n` removed; `undefined` for an empty line (not sent), while a
 * whitespace-only line is sent as it is.
 */
export function normalizeTypedLine(line: string): string | undefined {
	const text = line.replace(/\r?\n$/, '');
	return text.length === 0 ? undefined : text;
}

/**
 * Encode `text` as one or more legacy messages from `port`, each at most
 * `legacyFrameLimit` bytes including the `PORT:` header. A long line is split
 * on character boundaries (never inside a UTF-8 sequence, and never inside a
 * surrogate pair), so every part decodes on its own and nothing is cut.
 * `prefix` (a relayed line's `<author> `) starts every part, so a part
 * after the first is not taken for this node's own words.
 */
export function encodeLegacy(
	port: number,
	text: string,
	prefix = '',
): Uint8Array[] {
	const header = encoder.encode(`${port}:${prefix}`);
	const room = legacyFrameLimit - header.length;
	// Nearly every line fits in one message: encoded at once, not a
	// character at a time (that walk was most of a sender's legacy cost).
	const whole = encoder.encode(text);
	if (whole.length <= room) return [joined(header, whole)];
	const parts: Uint8Array[] = [];
	let current: string[] = [];
	let currentBytes = 0;

	const flush = () => {
		parts.push(joined(header, encoder.encode(current.join(''))));
		current = [];
		currentBytes = 0;
	};

	// Iterating a string yields whole code points, so pairs stay together.
	for (const char of text) {
		const size = utf8Length(char);
		if (currentBytes + size > room) {
			flush();
		}

		current.push(char);
		currentBytes += size;
	}

	if (current.length > 0 || parts.length === 0) {
		flush();
	}

	return parts;
}

function joined(header: Uint8Array, body: Uint8Array): Uint8Array {
	const frame = new Uint8Array(header.length + body.length);
	frame.set(header, 0);
	frame.set(body, header.length);
	return frame;
}

function utf8Length(char: string): number {
	const code = char.codePointAt(0) ?? 0;
	if (code < 0x80) {
		return 1;
	}

	if (code < 0x8_00) {
		return 2;
	}

	return code < 0x1_00_00 ? 3 : 4;
}

function preview(text: string): string {
	return text.length > 12 ? `${text.slice(0, 12)}…` : text;
}
