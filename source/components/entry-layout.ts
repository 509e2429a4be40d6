/**
 * How one log entry is laid out in rows of a given width. The message pane
 * needs every visible entry's height before rendering (to render only the
 * slice that fits), so layouts are computed here once per entry and width
 * and cached: entries are immutable, so the entry object is the cache key.
 */
import type {ChatEntry} from '../service/types.js';
import {formatClock} from './format.js';
import {sanitize, textWidth, wrapLine} from './wrap-text.js';

/** An entry broken into terminal rows. */
export type EntryLayout = {
	readonly width: number;
	/** `HH:MM:SS`. */
	readonly time: string;
	/** `<ip:port>`, `<nick>`, `*` (notice) or `!` (error). */
	readonly sender: string;
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

/** The label shown before an entry's text. */
export function senderLabel(entry: ChatEntry): string {
	switch (entry.kind) {
		case 'chat': {
			return `<${sanitize(entry.from ?? '?')}>`;
		}

		case 'own': {
			return `<${sanitize(entry.nick ?? 'me')}>`;
		}

		case 'notice': {
			return '*';
		}

		case 'error': {
			return '!';
		}
	}
}

/** Lay out `entry` in rows of `width` cells (cached per entry and width). */
export function layoutEntry(entry: ChatEntry, width: number): EntryLayout {
	const cached = cache.get(entry);
	if (cached?.width === width) {
		return cached;
	}

	const time = formatClock(entry.time);
	const sender = senderLabel(entry);
	const headerWidth = textWidth(`${time} ${sender} `);
	// Keep at least a useful stretch of text beside the header; with a long
	// sender (an IPv6 address) in a narrow pane the text starts below instead.
	const headerAlone = width - headerWidth < Math.min(16, Math.floor(width / 2));
	const indent = width >= 40 ? time.length + 1 : 2;
	const restWidth = width - indent;
	const rows: string[] = [];
	for (const line of sanitize(entry.text).split('\n')) {
		const first =
			rows.length === 0 && !headerAlone ? width - headerWidth : restWidth;
		rows.push(...wrapLine(line, first, restWidth));
	}

	const layout: EntryLayout = {
		width,
		time,
		sender,
		headerAlone,
		indent,
		rows,
		height: rows.length + (headerAlone ? 1 : 0),
	};
	cache.set(entry, layout);
	return layout;
}
