/**
 * The message log: entries with ids that only grow, trimmed to a limit so a
 * long-running node keeps its memory flat. Appending is O(1) amortised; the
 * frozen array that snapshots share is built only when someone reads it, so
 * a burst of thousands of messages with nobody looking costs no copies.
 */
import type {ChatEntry, EntryContent} from './types.js';

/** Entries kept in memory by default (the UI shows the newest ones). */
export const defaultHistoryLimit = 20_000;

export class ChatLog {
	readonly #items: ChatEntry[] = [];
	#view: readonly ChatEntry[] | undefined;
	#nextId = 1;
	readonly #limit: number;

	constructor(limit = defaultHistoryLimit) {
		this.#limit = limit;
	}

	/** The newest `limit` entries, oldest first; the same array until the next change. */
	get entries(): readonly ChatEntry[] {
		this.#view ??= Object.freeze(this.#items.slice(-this.#limit));
		return this.#view;
	}

	append(entry: EntryContent & {readonly time: number}): ChatEntry {
		const full: ChatEntry = Object.freeze({...entry, id: this.#nextId++});
		this.#items.push(full);
		// Trim in batches (10% slack) so the cost of splicing is spread out.
		if (this.#items.length > this.#limit + Math.ceil(this.#limit / 10)) {
			this.#items.splice(0, this.#items.length - this.#limit);
		}

		this.#view = undefined;
		return full;
	}

	clear(): void {
		this.#items.length = 0;
		this.#view = undefined;
	}
}
