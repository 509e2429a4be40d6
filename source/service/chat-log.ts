/**
 * The message log: entries with ids that only grow, trimmed to a count and
 * to a size in bytes, so a long-running node keeps its memory flat however
 * long the lines (20,000 lines of 32 KiB held 1.46 GB). Appending is O(1)
 * amortised; the frozen array that snapshots share is built only when
 * someone reads it, so a burst of thousands of messages with nobody looking
 * costs no copies.
 */
import type {ChatEntry, EntryContent} from './types.js';

/** Entries kept in memory by default (the UI shows the newest ones). */
export const defaultHistoryLimit = 20_000;

/** Text kept in memory by default, in bytes (UTF-16, as JavaScript holds it). */
export const defaultHistoryBytes = 16 * 1024 * 1024;

/** What an entry costs to hold, roughly: its text, and a little for the rest. */
function sizeOf(entry: ChatEntry): number {
	return 2 * entry.text.length + 200;
}

export class ChatLog {
	readonly #items: ChatEntry[] = [];
	/** Entries before this index are trimmed, and spliced out in batches. */
	#start = 0;
	#bytes = 0;
	#view: readonly ChatEntry[] | undefined;
	#nextId = 1;
	readonly #limit: number;
	readonly #maxBytes: number;

	constructor(limit = defaultHistoryLimit, maxBytes = defaultHistoryBytes) {
		this.#limit = limit;
		this.#maxBytes = maxBytes;
	}

	/** The newest entries within the limits, oldest first; the same array until the next change. */
	get entries(): readonly ChatEntry[] {
		this.#view ??= Object.freeze(this.#items.slice(this.#start));
		return this.#view;
	}

	append(entry: EntryContent & {readonly time: number}): ChatEntry {
		const full: ChatEntry = Object.freeze({...entry, id: this.#nextId++});
		this.#items.push(full);
		this.#bytes += sizeOf(full);
		// The newest entry always stays, however large.
		while (
			this.#items.length - this.#start > 1 &&
			(this.#items.length - this.#start > this.#limit ||
				this.#bytes > this.#maxBytes)
		) {
			const oldest = this.#items[this.#start++];
			if (oldest !== undefined) this.#bytes -= sizeOf(oldest);
		}

		// Splice in batches so the cost is spread out.
		if (this.#start > 1024 && this.#start * 2 > this.#items.length) {
			this.#items.splice(0, this.#start);
			this.#start = 0;
		}

		this.#view = undefined;
		return full;
	}

	clear(): void {
		this.#items.length = 0;
		this.#start = 0;
		this.#bytes = 0;
		this.#view = undefined;
	}
}
