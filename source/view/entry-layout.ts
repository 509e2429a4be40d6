/**
 * How one log entry is laid out in rows of a given width. The message pane
 * needs every visible entry's height before rendering (to render only the
 * slice that fits), so layouts are computed here once per entry and width
 * and cached: entries are immutable, so the entry object is the cache key
 * (with the width and whether the label carries a fingerprint).
 */
import type {BridgeNode, ChatEntry} from '../service/types.js';
import {formatClock} from './format.js';
import {sanitize, sanitizeLabel, textWidth, wrapLine} from './wrap-text.js';

/** The parts of the label before an entry's text. */
export type SenderLabel = {
	/**
	 * `nick`, `ip:port`, `noticeMark` (the node's notice) or `!` (error).
	 * Actions start with `*`, as on IRC, and carry a nick a peer chose, so
	 * a notice has a mark no action can start with: without colour, a
	 * peer called "New" doing "host discovered ..." must not read as ours.
	 */
	readonly name: string;
	/** Whether `name` sits in angle brackets (chat and own lines). */
	readonly brackets: boolean;
	/** The author's key fingerprint, when the nick is shared by several keys. */
	readonly fingerprint?: string;
	/** `(plain)` on a chat line nobody signed: anyone could have forged it. */
	readonly tag?: string;
	/**
	 * Drawn around the name (and fingerprint) in place of the angle
	 * brackets: `*alice*` and `-> *bob*` for private lines, `* alice` for an
	 * action or a topic line.
	 */
	readonly marks?: readonly [before: string, after: string];
};

/** The label of the node's notices (irssi's). */
export const noticeMark = '-!-';

/** The tag on unsigned (legacy) chat lines. */
export const plainTag = '(plain)';

/**
 * Before the label of a line that came by catch-up (written while this
 * node was away or cut off): subtle, and in the text too, so that it shows
 * without colour.
 */
export const caughtUpMark = '↻';

/**
 * In place of the space after the time, on a line that mentions our nick
 * (highlighted too, where there is colour).
 */
export const mentionMark = '»';

/** An entry broken into terminal rows. */
export type EntryLayout = {
	readonly width: number;
	/** `HH:MM:SS`. */
	readonly time: string;
	/** `caughtUpMark` and a space for a line that came by catch-up, else empty. */
	readonly mark: string;
	/** The sender label as shown: `<nick>`, `<nick·1a2b3c4d>`, `<ip:port> (plain)`, `-!-`, `!`. */
	readonly sender: string;
	readonly label: SenderLabel;
	/** Whether the label was laid out with the author's fingerprint. */
	readonly withFingerprint: boolean;
	/** True when the header is too wide to share a row with the text. */
	readonly headerAlone: boolean;
	/** Spaces before each continuation row. */
	readonly indent: number;
	/** The text, wrapped; the first row follows the header unless `headerAlone`. */
	readonly rows: readonly string[];
	/** Total rows on screen. */
	readonly height: number;
};

const cache = new WeakMap<ChatEntry, EntryLayout>();

/**
 * The label shown before an entry's text. Signed chat lines and our own show
 * the nick (with the key fingerprint if `withFingerprint`); anything else
 * from a peer shows its address and the `(plain)` tag.
 */
export function senderLabel(
	entry: ChatEntry,
	withFingerprint = false,
): SenderLabel {
	const styled = styledLabel(entry, withFingerprint);
	if (styled) return styled;
	switch (entry.kind) {
		case 'chat': {
			const {source} = entry;
			if (source.type === 'native') {
				return nickLabel(source.nick, source.fingerprint, withFingerprint);
			}

			// Only a signature vouches for the author; without one the address
			// is all we know.
			return {
				name: sanitizeLabel(source.address),
				brackets: true,
				tag: unsignedTag(source.bridge),
			};
		}

		case 'own': {
			return nickLabel(entry.nick, entry.fingerprint, withFingerprint);
		}

		case 'notice': {
			return {name: noticeMark, brackets: false};
		}

		case 'error': {
			return {name: '!', brackets: false};
		}
	}
}

/**
 * The label of a marked line (`LineStyle`). A private line always names
 * the key of the other end: whom a line was trusted to, or who wrote it,
 * must be unmistakable.
 */
function styledLabel(
	entry: ChatEntry,
	withFingerprint: boolean,
): SenderLabel | undefined {
	if (entry.kind !== 'own' && entry.kind !== 'chat') return undefined;
	const {style} = entry;
	if (style === undefined) return undefined;
	const author =
		entry.kind === 'own'
			? {nick: entry.nick, fingerprint: entry.fingerprint}
			: entry.source.type === 'native'
				? entry.source
				: undefined;
	if (author === undefined) return undefined;
	const name = sanitizeLabel(author.nick);
	const action = ['* ', ''] as const;
	if (style.type !== 'private') {
		return {
			name,
			brackets: false,
			marks: action,
			fingerprint: withFingerprint ? author.fingerprint : undefined,
		};
	}

	const {peer, direction} = style;
	const peerName = sanitizeLabel(peer.nick);
	if (style.action) {
		return direction === 'from'
			? {
					name,
					brackets: false,
					marks: action,
					fingerprint: peer.fingerprint,
					tag: privateTag,
				}
			: {
					name,
					brackets: false,
					marks: action,
					tag: `(private to ${peerName}·${peer.fingerprint})`,
				};
	}

	return {
		name: peerName,
		brackets: false,
		marks: direction === 'from' ? ['*', '*'] : ['-> *', '*'],
		fingerprint: peer.fingerprint,
		tag: privateTag,
	};
}

/** The tag on private lines (the marks say it too, to those who know IRC). */
export const privateTag = '(private)';

/**
 * The text shown after the label: as written, but a topic line says what
 * it did.
 */
export function shownText(entry: ChatEntry): string {
	if (
		(entry.kind === 'own' || entry.kind === 'chat') &&
		entry.style?.type === 'topic'
	) {
		return entry.text === ''
			? 'cleared the topic'
			: `set the topic: ${entry.text}`;
	}

	return entry.text;
}

/**
 * `(plain)`, or `(plain via bob·1a2b3c4d)` for a legacy line another node
 * passed into the mesh: that node vouches it received it, nothing more.
 */
function unsignedTag(bridge: BridgeNode | undefined): string {
	if (bridge === undefined) return plainTag;
	return `(plain via ${sanitizeLabel(`${bridge.nick}·${bridge.fingerprint}`)})`;
}

function nickLabel(
	nick: string,
	fingerprint: string,
	withFingerprint: boolean,
): SenderLabel {
	return {
		name: sanitizeLabel(nick),
		brackets: true,
		fingerprint: withFingerprint ? fingerprint : undefined,
	};
}

/** A label as one string, e.g. `<bob·1a2b3c4d>` or `<10.0.0.1:7000> (plain)`. */
export function labelText(label: SenderLabel): string {
	const name =
		label.fingerprint === undefined
			? label.name
			: `${label.name}·${label.fingerprint}`;
	const [before, after] =
		label.marks ?? (label.brackets ? ['<', '>'] : ['', '']);
	const shown = `${before}${name}${after}`;
	return label.tag === undefined ? shown : `${shown} ${label.tag}`;
}

/**
 * Lay out `entry` in rows of `width` cells, with the author's fingerprint in
 * the label if `withFingerprint` (cached per entry, width and that flag).
 */
export function layoutEntry(
	entry: ChatEntry,
	width: number,
	withFingerprint = false,
): EntryLayout {
	const cached = cache.get(entry);
	if (cached?.width === width && cached.withFingerprint === withFingerprint) {
		return cached;
	}

	const time = formatClock(entry.time);
	const mark =
		entry.kind === 'chat' && entry.caughtUp ? `${caughtUpMark} ` : '';
	const label = senderLabel(entry, withFingerprint);
	const sender = labelText(label);
	const headerWidth = textWidth(`${time} ${mark}${sender} `);
	// Keep at least a useful stretch of text beside the header; with a long
	// sender (an IPv6 address) in a narrow pane the text starts below instead.
	const headerAlone = width - headerWidth < Math.min(16, Math.floor(width / 2));
	const indent = width >= 40 ? time.length + 1 : 2;
	const restWidth = width - indent;
	const rows: string[] = [];
	for (const line of sanitize(shownText(entry)).split('\n')) {
		const first =
			rows.length === 0 && !headerAlone ? width - headerWidth : restWidth;
		rows.push(...wrapLine(line, first, restWidth));
	}

	const layout: EntryLayout = {
		width,
		time,
		mark,
		sender,
		label,
		withFingerprint,
		headerAlone,
		indent,
		rows,
		height: rows.length + (headerAlone ? 1 : 0),
	};
	cache.set(entry, layout);
	return layout;
}
