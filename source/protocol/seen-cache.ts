/**
 * A time-bounded set of message ids, as gossip protocols keep to drop
 * duplicates (the "received messages" buffer of Plumtree, Leitão et al.,
 * SRDS 2007). An id is remembered for `ttlMs` after it was first seen and the
 * cache never holds more than `maxEntries`; the oldest go first. Pure: the
 * caller passes `now`.
 */

/** How long and how many ids are remembered. */
export type SeenCacheOptions = {
	readonly ttlMs: number;
	readonly maxEntries: number;
};

export class SeenCache {
	readonly #options: SeenCacheOptions;
	/** Id -> when it expires; a Map iterates in insertion order, oldest first. */
	readonly #expiry = new Map<string, number>();

	constructor(options: SeenCacheOptions) {
		this.#options = options;
	}

	get size(): number {
		return this.#expiry.size;
	}

	has(id: string, now: number): boolean {
		this.#prune(now);
		return this.#expiry.has(id);
	}

	/** Remember `id`; true if it was not already remembered. */
	add(id: string, now: number): boolean {
		this.#prune(now);
		if (this.#expiry.has(id)) return false;
		this.#expiry.set(id, now + this.#options.ttlMs);
		if (this.#expiry.size > this.#options.maxEntries) {
			const oldest = this.#expiry.keys().next().value!;
			this.#expiry.delete(oldest);
		}

		return true;
	}

	#prune(now: number): void {
		// Entries expire in insertion order (same ttl), so stop at the first live one.
		for (const [id, expires] of this.#expiry) {
			if (expires > now) return;
			this.#expiry.delete(id);
		}
	}
}
