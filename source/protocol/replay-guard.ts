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

export class ReplayGuard {
	readonly #options: ReplayGuardOptions;
	readonly #seen = new Set<string>();
	readonly #newestSeq = new Map<string, number>();

	constructor(options: ReplayGuardOptions = defaultReplayOptions) {
		this.#options = options;
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

		const newest = this.#newestSeq.get(author);
		if (newest !== undefined && seq + this.#options.seqWindow < newest) {
			return 'stale';
		}

		this.#seen.add(id);
		if (this.#seen.size > this.#options.idLimit) {
			// A Set iterates in insertion order: the first value is the oldest.
			const oldest = this.#seen.values().next().value;
			if (oldest !== undefined) this.#seen.delete(oldest);
		}

		// Re-inserting keeps the Map in least-recently-heard order.
		this.#newestSeq.delete(author);
		this.#newestSeq.set(author, Math.max(seq, newest ?? seq));
		if (this.#newestSeq.size > this.#options.authorLimit) {
			const quietest = this.#newestSeq.keys().next().value;
			if (quietest !== undefined) this.#newestSeq.delete(quietest);
		}

		return 'new';
	}
}
