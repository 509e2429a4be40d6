/**
 * The message log: entries with ids that only grow, trimmed to a limit so a
 * long-running node keeps its memory flat. Kept apart from the service so the
 * trimming rule lives in one place.
 */
import type {ChatEntry} from './types.js';

/** Entries kept in memory by default (the UI shows the newest ones). */
export const defaultHistoryLimit = 20_000;

export class ChatLog {
	#entries: readonly ChatEntry[] = [];
	#nextId = 1;
	readonly #limit: number;

	constructor(limit = defaultHistoryLimit) {
		this.#limit = limit;
	}

	/** The current entries; a new array after every change, so it can be shared. */
	get entries(): readonly ChatEntry[] {
		return this.#entries;
	}

	append(entry: Omit<ChatEntry, 'id'>): ChatEntry {
		const full: ChatEntry = Object.freeze({...entry, id: this.#nextId++});
		const overflow = this.#entries.length + 1 - this.#limit;
		this.#entries = [
			...(overflow > 0 ? this.#entries.slice(overflow) : this.#entries),
			full,
		];
		return full;
	}

	clear(): void {
		this.#entries = [];
	}
}
