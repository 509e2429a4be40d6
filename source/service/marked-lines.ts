/**
 * How this node reads a signed line's text (`protocol/line-marks.ts`):
 * plain, an action, a topic, or a private line, which it opens if it is
 * one of the two ends and keeps sealed otherwise. The same reading serves
 * the lines as they arrive and as the history gives them back, so a line
 * shows the same before and after a restart.
 *
 * A private line is stored readable where it can be read (sender and
 * recipient): its opened text in the `text` column, so `/search` finds
 * it, and the other end in `source` (`private to KEY NICK` or `private
 * from KEY NICK`); the frame keeps the box, as it travelled. A node that
 * cannot open it keeps the frame and no text (`sealed`).
 */
import {privateVersion, readMark} from '../protocol/line-marks.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import {
	fingerprintOf,
	keyBytes,
	parsePeerKey,
	peerKeyOf,
	type PeerKey,
} from '../protocol/peer-key.js';
import type {PrivateBox} from '../node/private-box.js';
import type {PlainForm} from './author.js';
import type {LineStyle} from './types.js';

/** What reading lines takes: who we are, our box, and peers' nicks. */
export type LineReader = {
	readonly self: PeerKey;
	readonly box: Pick<PrivateBox, 'open'>;
	/** A peer's nick as the mesh knows it now, if it does. */
	readonly nickOf: (key: PeerKey) => string | undefined;
};

/** A line this node shows: its readable text, and what to store. */
export type ShownLine = {
	readonly kind: 'shown';
	readonly text: string;
	readonly style: LineStyle | undefined;
	/** The `text` and `source` columns of its stored form. */
	readonly stored: {
		readonly text: string;
		readonly source: string | undefined;
	};
};

/**
 * A line read: shown; `sealed` (a private line between two others: kept
 * for catch-up, never shown); or `refused`, a private line to us that
 * does not open (`reason` says why), kept sealed too.
 */
export type ReadLine =
	| ShownLine
	| {readonly kind: 'sealed'}
	| {readonly kind: 'refused'; readonly reason: string};

/** Read a signed chat line as it arrived (live or caught up). */
export function readChat(envelope: ChatEnvelope, reader: LineReader): ReadLine {
	const mark = readMark(envelope.text);
	switch (mark.type) {
		case 'plain': {
			return shown(envelope.text, undefined, envelope.text);
		}

		case 'action':
		case 'topic': {
			return shown(mark.text, {type: mark.type}, envelope.text);
		}

		case 'private': {
			break;
		}
	}

	const author = peerKeyOf(envelope.author);
	const outgoing = author === reader.self;
	if (!outgoing && mark.recipient !== reader.self) return {kind: 'sealed'};
	if (mark.recipient === undefined) return {kind: 'sealed'};
	if (mark.box === undefined) {
		return {
			kind: 'refused',
			reason:
				mark.version === privateVersion
					? 'it is damaged (it holds no box)'
					: `it is in a form this version does not read (${mark.version || 'no version'})`,
		};
	}

	const peer = outgoing ? mark.recipient : author;
	const text = reader.box.open(mark.box, keyBytes(peer), envelope.author);
	if (text === undefined) {
		return {
			kind: 'refused',
			reason: 'it does not open with our key (forged or damaged)',
		};
	}

	const nick = outgoing
		? (reader.nickOf(peer) ?? fingerprintOf(peer))
		: envelope.nick;
	return privateLine(text, outgoing ? 'to' : 'from', peer, nick);
}

/**
 * A private line as this node writes it (`text` as typed, with its ACTION
 * mark for `/me`), to `peer`, whose nick is `nick`.
 */
export function privateLine(
	text: string,
	direction: 'to' | 'from',
	peer: PeerKey,
	nick: string,
): ShownLine {
	const inner = readMark(text);
	const action = inner.type === 'action';
	return {
		kind: 'shown',
		text: action ? inner.text : text,
		style: {
			type: 'private',
			direction,
			peer: {nick, fingerprint: fingerprintOf(peer)},
			...(action ? {action: true} : {}),
		},
		stored: {text, source: `private ${direction} ${peer} ${nick}`},
	};
}

/** A stored own or signed line's text and style, from its `text` and `source`. */
export function readStored(
	text: string,
	source: string | undefined,
): {readonly text: string; readonly style: LineStyle | undefined} {
	const [tag, direction, key, nick] = source?.split(' ') ?? [];
	const peer = parsePeerKey(key ?? '');
	if (
		tag === 'private' &&
		(direction === 'to' || direction === 'from') &&
		peer !== undefined
	) {
		const line = privateLine(text, direction, peer, nick ?? '');
		return {text: line.text, style: line.style};
	}

	const mark = readMark(text);
	switch (mark.type) {
		case 'plain': {
			return {text, style: undefined};
		}

		case 'action':
		case 'topic': {
			return {text: mark.text, style: {type: mark.type}};
		}

		case 'private': {
			// Stored sealed, so never read back for the screen; said, not shown, if it is.
			return {text: 'a private line this node cannot read', style: undefined};
		}
	}
}

/**
 * How a line reads in the seed's plain text, to legacy hosts: as typed
 * (our own) or as `<nick> text` (relayed), an action as `* nick text`, a
 * topic as `* nick set the topic: text`; none for a private line, which
 * never goes out in plain text.
 */
export function plainForm(
	nick: string,
	line: {readonly text: string; readonly style: LineStyle | undefined},
	own: boolean,
): PlainForm | undefined {
	const {text, style} = line;
	switch (style?.type) {
		case undefined: {
			return own ? {text} : {text, prefix: `<${nick}> `};
		}

		case 'action': {
			return {text, prefix: `* ${nick} `};
		}

		case 'topic': {
			return text === ''
				? {text: `* ${nick} cleared the topic`}
				: {text, prefix: `* ${nick} set the topic: `};
		}

		case 'private': {
			return undefined;
		}
	}
}

function shown(
	text: string,
	style: LineStyle | undefined,
	wire: string,
): ShownLine {
	return {kind: 'shown', text, style, stored: {text: wire, source: undefined}};
}
