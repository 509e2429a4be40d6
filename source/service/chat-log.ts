/**
 * The message log: the newest entries in display order
 * (`protocol/display-order.ts`: author time, author key, sequence), trimmed
 * to a count and to a size in bytes, so a long-running node keeps its
 * memory flat however long the lines (20,000 lines of 32 KiB held 1.46 GB).
 *
 * Ids only grow, in the order entries are appended; the place of an entry
 * is its key. A line that comes in order (nearly all of them) is pushed,
 * O(1) amortised; one that comes late (caught up, or from a slow path) is
 * put where its key says, found by binary search. A notice has no author:
 * it goes where it was logged, after everything shown then, and before
 * whatever comes later with a later time. The frozen array that snapshots
 * share is built only when someone reads it, so a burst of thousands of
 * messages with nobody looking costs no copies.
 */
import {compareKeys, type DisplayKey} from '../protocol/display-order.js';
import type {ChatEntry, EntryContent} from './types.js';

/** Entries kept in memory by default (the UI shows the newest ones). */
export const defaultHistoryLimit = 20_000;

/** Text kept in memory by default, in bytes (UTF-16, as JavaScript holds it). */
export const defaultHistoryBytes = 16 * 1024 * 1024;

/** What an entry costs to hold, roughly: its text, and a little for the rest. */
function sizeOf(entry: ChatEntry): number {
	return 2 * entry.text.length + 200;
}

/** An entry's content and time, before the log numbers it. */
export type NewEntry = EntryContent & {readonly time: number};

/** The key of a notice logged at `time`: no author, no sequence, no id. */
export function noticeKey(time: number): DisplayKey {
	return {time, author: '', seq: -1, id: ''};
}

export class ChatLog {
	readonly #items: ChatEntry[] = [];
	/** `#keys[i]` is where `#items[i]` sits; both sorted by it. */
	readonly #keys: DisplayKey[] = [];
	/** Entries before this index are trimmed, and spliced out in batches. */
	#start = 0;
	#bytes = 0;
	/** What the trimmed entries before `#start` hold, until they are spliced out. */
	#trimmedBytes = 0;
	#view: readonly ChatEntry[] | undefined;
	#nextId = 1;
	/** The newest key when the log was last cleared. */
	#clearedAt: DisplayKey | undefined;
	readonly #limit: number;
	readonly #maxBytes: number;

	constructor(limit = defaultHistoryLimit, maxBytes = defaultHistoryBytes) {
		this.#limit = limit;
		this.#maxBytes = maxBytes;
	}

	/** The newest entries within the limits, in display order; the same array until the next change. */
	get entries(): readonly ChatEntry[] {
		this.#view ??= Object.freeze(this.#items.slice(this.#start));
		return this.#view;
	}

	/** The key of the first entry, if any. */
	get oldestKey(): DisplayKey | undefined {
		return this.#keys[this.#start];
	}

	/** The key of the last entry, if any. */
	get newestKey(): DisplayKey | undefined {
		return this.#keys.at(-1);
	}

	/** Where the entry at `index` of `entries` sits. */
	keyAt(index: number): DisplayKey | undefined {
		return index < 0 ? undefined : this.#keys[this.#start + index];
	}

	/** The index in `entries` of the first entry after `key`. */
	indexAfter(key: DisplayKey): number {
		return this.#after(key) - this.#start;
	}

	/** Where the newest entry was when `clear` last emptied the log. */
	get clearedAt(): DisplayKey | undefined {
		return this.#clearedAt;
	}

	/**
	 * Number an entry without logging it (a line paged in from the history
	 * is shown, not logged): ids stay unique among everything shown.
	 */
	issue(entry: NewEntry): ChatEntry {
		return Object.freeze({...entry, id: this.#nextId++});
	}

	/**
	 * Log `entry` at `key`; without one (a notice) at its time, but never
	 * above the entry that was last when it was logged.
	 */
	append(entry: NewEntry, key?: DisplayKey): ChatEntry {
		const full = this.issue(entry);
		const last = this.newestKey;
		const place =
			key ??
			(last && compareKeys(last, noticeKey(entry.time)) > 0
				? last
				: noticeKey(entry.time));
		if (last === undefined || compareKeys(place, last) >= 0) {
			this.#items.push(full);
			this.#keys.push(place);
		} else {
			const index = this.#after(place);
			this.#items.splice(index, 0, full);
			this.#keys.splice(index, 0, place);
		}

		this.#bytes += sizeOf(full);
		this.#trim();
		this.#view = undefined;
		return full;
	}

	/** The entry showing the stored line `messageId`, if it is in the log. */
	showing(messageId: string): ChatEntry | undefined {
		for (let index = this.#keys.length - 1; index >= this.#start; index--) {
			if (this.#keys[index]?.id === messageId) return this.#items[index];
		}

		return undefined;
	}

	clear(): void {
		this.#clearedAt = this.newestKey ?? this.#clearedAt;
		this.#items.length = 0;
		this.#keys.length = 0;
		this.#start = 0;
		this.#bytes = 0;
		this.#trimmedBytes = 0;
		this.#view = undefined;
	}

	/** The index after every entry whose key is at or before `key`. */
	#after(key: DisplayKey): number {
		let low = this.#start;
		let high = this.#keys.length;
		while (low < high) {
			const middle = Math.floor((low + high) / 2);
			const other = this.#keys[middle];
			if (other !== undefined && compareKeys(other, key) <= 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		return low;
	}

	/** Drop the oldest entries beyond the limits; the newest always stays, however large. */
	#trim(): void {
		while (
			this.#items.length - this.#start > 1 &&
			(this.#items.length - this.#start > this.#limit ||
				this.#bytes > this.#maxBytes)
		) {
			const oldest = this.#items[this.#start++];
			if (oldest === undefined) continue;
			this.#bytes -= sizeOf(oldest);
			this.#trimmedBytes += sizeOf(oldest);
		}

		// Splice in batches so the cost is spread out; but a trimmed entry
		// is still held until then, so long lines are spliced out sooner:
		// 1,024 trimmed lines of 32 KiB kept 32 MiB of text beyond the
		// limit alive (hostile bench).
		if (
			(this.#start > 1024 && this.#start * 2 > this.#items.length) ||
			this.#trimmedBytes > this.#maxBytes / 8
		) {
			this.#items.splice(0, this.#start);
			this.#keys.splice(0, this.#start);
			this.#start = 0;
			this.#trimmedBytes = 0;
		}
	}
}
