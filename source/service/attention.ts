/**
 * What the reader has read, and what calls for their attention: unread
 * lines, mentions of our nick, the read marker and the away message. The
 * service tells it of every line logged and of what the reader does; it
 * keeps counts, never a copy of the log.
 *
 * Lines from others that come while the reader is there are read as they
 * come. The reader is not there while away (`/away`), scrolled back, or
 * quiet for `idleAfterMs` (no line typed, no return to the newest): a
 * terminal does not say whether its window is looked at, so a minute of
 * silence is taken to mean it is not. The first line that comes then moves
 * the read marker above itself, so the reader finds where the news begins;
 * the marker stays there until news comes again after the next absence.
 * Where reading stopped is kept in the store, so the marker is where it
 * was after a restart too.
 */
import {compareKeys, type DisplayKey} from '../protocol/display-order.js';
import {mentionsNick} from './mention.js';
import type {AttentionView, ChatEntry} from './types.js';

/** Quiet this long, the reader is taken to be elsewhere. */
export const idleAfterMs = 60_000;

/** What attention needs from the service. */
export type AttentionOptions = {
	readonly now: () => number;
	/** Our nick now: a line that mentions it is a mention. */
	readonly nick: () => string;
};

/** A logged entry and where it sits; no key: a notice, not a line. */
export type LoggedEntry = {
	readonly entry: ChatEntry;
	readonly key: DisplayKey | undefined;
};

export class Attention {
	readonly #options: AttentionOptions;
	/** The last line read, in display order; none: nothing read yet. */
	#readKey: DisplayKey | undefined;
	/** `#readKey` changed since the store last took it. */
	#dirty = false;
	#unread = 0;
	#mentions = 0;
	#lastMention: number | undefined;
	/** The read marker sits right after `key`. */
	#marker: {readonly key: DisplayKey} | undefined;
	#following = true;
	#lastActive = Number.NEGATIVE_INFINITY;
	#away: string | undefined;
	#view: AttentionView | undefined;

	constructor(options: AttentionOptions) {
		this.#options = options;
	}

	/**
	 * Start from the lines restored from the history and where reading
	 * stopped before the restart (none kept: every restored line is read).
	 * The restored lines after that are unread, under the marker.
	 */
	restore(
		restored: readonly LoggedEntry[],
		readKey: DisplayKey | undefined,
	): void {
		const lines = restored.filter(({key}) => key !== undefined);
		this.#readKey = readKey ?? lines.at(-1)?.key;
		if (readKey === undefined) return;
		const nick = this.#options.nick();
		for (const {entry, key} of lines) {
			if (entry.kind !== 'chat' || !key || compareKeys(key, readKey) <= 0) {
				continue;
			}

			this.#unread++;
			if (mentionsNick(entry, nick)) this.#mentions++;
		}

		const first = lines.find(
			({key}) => key !== undefined && compareKeys(key, readKey) > 0,
		);
		if (this.#unread > 0 && first?.key) this.#moveMarker(first.key);
		this.#view = undefined;
	}

	/** A line (or notice) came and was logged (not one restored or paged in). */
	logged({entry, key}: LoggedEntry): void {
		if (key === undefined) return;
		if (entry.kind === 'own') {
			// We wrote it: whatever was before it is read, unless news waits.
			if (this.#unread === 0) this.#readUpTo(key);
			return;
		}

		if (entry.kind !== 'chat') return;
		const mention = mentionsNick(entry, this.#options.nick());
		if (mention) this.#lastMention = entry.id;
		if (this.#present()) {
			this.#readUpTo(key);
		} else {
			this.#unread++;
			if (mention) this.#mentions++;
			// The first news since the reader left: the marker goes above it.
			if (this.#unread === 1) this.#moveMarker(key);
		}

		this.#view = undefined;
	}

	/** The reader has seen everything up to `newest`. */
	markRead(newest: DisplayKey | undefined): void {
		this.#lastActive = this.#options.now();
		if (newest) this.#readUpTo(newest);
		if (this.#unread > 0 || this.#mentions > 0) {
			this.#unread = 0;
			this.#mentions = 0;
			this.#view = undefined;
		}
	}

	/** Scrolled back (`false`), or back at the newest (`true`: read). */
	setFollowing(following: boolean, newest: DisplayKey | undefined): void {
		this.#following = following;
		if (following) this.markRead(newest);
	}

	setAway(message: string | undefined): void {
		this.#away = message;
		this.#view = undefined;
	}

	get away(): string | undefined {
		return this.#away;
	}

	/** Where reading stopped, once after each change (for the store). */
	takeReadKey(): DisplayKey | undefined {
		if (!this.#dirty) return undefined;
		this.#dirty = false;
		return this.#readKey;
	}

	/**
	 * The counts and the away message; `marker`: the id of the entry the
	 * read marker goes above (found with `markerPlace`).
	 */
	view(marker: number | undefined): AttentionView {
		if (this.#view?.marker !== marker) this.#view = undefined;
		this.#view ??= Object.freeze({
			unread: this.#unread,
			mentions: this.#mentions,
			lastMention: this.#lastMention,
			marker,
			away: this.#away,
		});
		return this.#view;
	}

	/** Where the read marker goes: right after `key`; undefined while there is none. */
	markerPlace(): {readonly key: DisplayKey} | undefined {
		return this.#marker;
	}

	#present(): boolean {
		return (
			this.#following &&
			this.#away === undefined &&
			this.#options.now() - this.#lastActive < idleAfterMs
		);
	}

	#readUpTo(key: DisplayKey): void {
		if (this.#readKey && compareKeys(key, this.#readKey) <= 0) return;
		this.#readKey = key;
		this.#dirty = true;
	}

	/**
	 * The marker goes after the last line read, above `first` (the first
	 * unread line); when nothing was read yet, right above `first`, not
	 * above the notices that came before it.
	 */
	#moveMarker(first: DisplayKey): void {
		// The same place but the empty id, which sorts before any other.
		this.#marker = {key: this.#readKey ?? {...first, id: ''}};
		this.#view = undefined;
	}
}
