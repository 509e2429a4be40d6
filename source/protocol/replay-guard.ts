/**
 * Replay protection for signed chat messages: a message whose id was seen
 * recently is a duplicate; one whose sequence number is far below the newest
 * seen from its author is stale (a replay from before the id cache's memory).
 * Both caches are bounded, so memory stays flat whatever peers send.
 */

/** How the guard judged a message. */
export type ReplayVerdict = 'new' | 'duplicate' | 'stale';

export type ReplayGuardOptions = {
	/** Ids remembered (oldest forgotten first). */
	readonly idLimit: number;
	/** Sequence numbers this far below an author's newest are refused. */
	readonly seqWindow: number;
	/** Authors whose newest sequence number is remembered (least recent forgotten). */
	readonly authorLimit: number;
};

export const defaultReplayOptions: ReplayGuardOptions = {
	idLimit: 50_000,
	// P2p-chat's sequence numbers are clock-based (ms): ten minutes of leeway.
	seqWindow: 600_000,
	authorLimit: 10_000,
};

type AuthorState = {
	/** The highest sequence number seen. */
	newest: number;
	/**
	 * The highest sequence number among this author's ids the id cache has
	 * let go of: anything at or below it might have been seen, so it is
	 * refused. Under a flood of messages the cache turns over faster than
	 * `seqWindow`; without this, a replay from that gap would pass.
	 */
	forgotten: number;
};

export class ReplayGuard {
	readonly #options: ReplayGuardOptions;
	/** Ids admitted, oldest first, with whose and which sequence number each was. */
	readonly #seen = new Map<string, {author: string; seq: number}>();
	readonly #authors = new Map<string, AuthorState>();
	/**
	 * The ids of `#seen` in the order they came, from `#oldest` on: the
	 * next to forget. (A Map's first entry is found past every entry
	 * deleted before it, until it is rehashed: asking it once per line
	 * made a full guard a tenth of a busy node's time.)
	 */
	#order: string[] = [];
	#oldest = 0;

	constructor(options: ReplayGuardOptions = defaultReplayOptions) {
		this.#options = options;
	}

	/**
	 * Floors from before a restart: for each author, lines at or below the
	 * newest sequence number it had then are refused, since the ids that
	 * would tell a replay from a new line were not kept.
	 */
	restore(floors: Iterable<readonly [author: string, seq: number]>): void {
		for (const [author, seq] of floors) {
			const known = this.#authors.get(author);
			this.#authors.set(author, {
				newest: Math.max(seq, known?.newest ?? seq),
				forgotten: Math.max(seq, known?.forgotten ?? seq),
			});
		}
	}

	/**
	 * What `restore` needs after a restart: each author's newest sequence
	 * number, for authors heard at or after `since` (sequence numbers are
	 * clock-based; older lines are refused by their clock anyway).
	 */
	floors(since: number): Array<[author: string, seq: number]> {
		const floors: Array<[string, number]> = [];
		for (const [author, state] of this.#authors) {
			if (state.newest >= since) floors.push([author, state.newest]);
		}

		return floors;
	}

	/**
	 * Whether `id` was admitted before. Checking this first lets a node skip
	 * the signature check for the copies flooding brings (most of what a
	 * mesh node receives); only `admit`, after the check, remembers ids.
	 */
	has(id: string): boolean {
		return this.#seen.has(id);
	}

	/** Judge a message and, when it is new, remember it. */
	admit(id: string, author: string, seq: number): ReplayVerdict {
		if (this.#seen.has(id)) {
			return 'duplicate';
		}

		const known = this.#authors.get(author);
		if (
			known &&
			(seq + this.#options.seqWindow < known.newest || seq <= known.forgotten)
		) {
			return 'stale';
		}

		this.#seen.set(id, {author, seq});
		this.#order.push(id);
		// Re-inserting keeps the Map in least-recently-heard order.
		this.#authors.delete(author);
		this.#authors.set(author, {
			newest: Math.max(seq, known?.newest ?? seq),
			forgotten: known?.forgotten ?? Number.NEGATIVE_INFINITY,
		});
		if (this.#seen.size > this.#options.idLimit) this.#forgetOldest();

		if (this.#authors.size > this.#options.authorLimit) {
			const quietest = this.#authors.keys().next().value;
			if (quietest !== undefined) this.#authors.delete(quietest);
		}

		return 'new';
	}

	#forgetOldest(): void {
		const oldest = this.#order[this.#oldest++];
		if (this.#oldest >= this.#options.idLimit) {
			// Drop the forgotten part of the queue now and then, not per line.
			this.#order = this.#order.slice(this.#oldest);
			this.#oldest = 0;
		}

		const which = oldest === undefined ? undefined : this.#seen.get(oldest);
		if (oldest === undefined || which === undefined) return;
		this.#seen.delete(oldest);
		const state = this.#authors.get(which.author);
		if (state) state.forgotten = Math.max(state.forgotten, which.seq);
	}
}
