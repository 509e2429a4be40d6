/**
 * Marked lines: a chat line's text that says what kind of line it is, the
 * way IRC's CTCP does, so the signed envelope (and so relay, acks,
 * catch-up and the store) stays what it is for every line. A mark is the
 * whole text, between two `\u0001` bytes, opening with a tag:
 *
 * - `\u0001ACTION text\u0001`: `/me text`, shown `* nick text`;
 * - `\u0001TOPIC text\u0001`: the room's topic (`\u0001TOPIC\u0001` clears it);
 * - `\u0001PRIVATE v1 <recipient key> <box>\u0001`: a line only the
 *   recipient can read (docs/PROTOCOL.md §5c; the box is the node layer's
 *   cryptography, here only its text).
 *
 * Pure: this file reads and writes the marks; it opens nothing.
 */
import {maxLineBytes} from './limits.js';
import {parsePeerKey, type PeerKey} from './peer-key.js';

/** What a line's text says it is. */
export type LineMark =
	| {readonly type: 'plain'; readonly text: string}
	| {readonly type: 'action'; readonly text: string}
	/** `text` is empty when the topic is cleared. */
	| {readonly type: 'topic'; readonly text: string}
	| PrivateMark;

/**
 * A private line as its text carries it. `recipient` and `box` are set
 * only when the version is one this node reads (`v1`) and both parse.
 */
export type PrivateMark = {
	readonly type: 'private';
	readonly version: string;
	readonly recipient: PeerKey | undefined;
	/** Base64 of the nonce and the ciphertext (standard alphabet, padded). */
	readonly box: string | undefined;
};

/** The marks' delimiter (CTCP's). */
const delimiter = '\u0001';

/** The version of private lines this node writes and reads. */
export const privateVersion = 'v1';

/** Bytes a box adds to the text it holds: nonce (24), MAC (16), sender key (32). */
export const privateBoxOverhead = 24 + 16 + 32;

/** Standard base64 with padding, and nothing else. */
const base64Pattern =
	/^(?:[A-Za-z\d+/]{4})*(?:[A-Za-z\d+/]{2}==|[A-Za-z\d+/]{3}=)?$/;

/**
 * Read `text`'s mark. Only the tags above are marks; any other text,
 * `\u0001VERSION\u0001` included, is plain. As IRC clients do, a missing
 * closing `\u0001` is forgiven on ACTION and TOPIC; a PRIVATE line is
 * private whatever follows its tag (never shown as plain text).
 */
export function readMark(text: string): LineMark {
	if (!text.startsWith(delimiter)) return {type: 'plain', text};
	const body = text.slice(1, text.endsWith(delimiter) ? -1 : undefined);
	const space = body.indexOf(' ');
	const tag = space === -1 ? body : body.slice(0, space);
	const rest = space === -1 ? '' : body.slice(space + 1);
	switch (tag) {
		case 'ACTION': {
			return {type: 'action', text: rest};
		}

		case 'TOPIC': {
			return {type: 'topic', text: rest};
		}

		case 'PRIVATE': {
			return readPrivate(rest);
		}

		default: {
			return {type: 'plain', text};
		}
	}
}

function readPrivate(rest: string): PrivateMark {
	const [version = '', recipient = '', box = '', ...extra] = rest.split(' ');
	const known =
		version === privateVersion &&
		extra.length === 0 &&
		box.length > 0 &&
		base64Pattern.test(box);
	return {
		type: 'private',
		version,
		recipient: parsePeerKey(recipient),
		box: known ? box : undefined,
	};
}

/** The text of `/me text`. */
export function actionText(text: string): string {
	return `${delimiter}ACTION ${text}${delimiter}`;
}

/** The text of a topic line; an empty topic clears it. */
export function topicText(text: string): string {
	return text === ''
		? `${delimiter}TOPIC${delimiter}`
		: `${delimiter}TOPIC ${text}${delimiter}`;
}

/** The text of a private line to `recipient`, whose box (base64) is `box`. */
export function privateText(recipient: PeerKey, box: string): string {
	return `${delimiter}PRIVATE ${privateVersion} ${recipient} ${box}${delimiter}`;
}

/**
 * The longest text (UTF-8 bytes) a private line can carry: what is left of
 * a line's limit after the mark (`\u0001PRIVATE v1 `, 64 hex digits, a
 * space, `\u0001`: 78 bytes) and the box, in whole base64 quanta.
 */
export const maxPrivateBytes =
	Math.floor((maxLineBytes - 78) / 4) * 3 - privateBoxOverhead;
