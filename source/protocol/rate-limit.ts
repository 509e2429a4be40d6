/**
 * Token buckets, one per key (a link, an author): each holds up to `burst`
 * tokens and refills at `perSecond`; an event that finds its bucket empty is
 * over its share. Pure: the caller passes `now`. The number of buckets is
 * bounded (remote input decides the keys): past `maxKeys`, the bucket used
 * least recently goes, and a key seen again starts full, which costs an
 * attacker nothing it did not have.
 */

/** How fast one key may go: a burst, then a steady rate. */
export type RatePolicy = {
	readonly burst: number;
	readonly perSecond: number;
};

type Bucket = {tokens: number; at: number};

export class RateLimiter {
	readonly #policy: RatePolicy;
	readonly #maxKeys: number;
	/** In order of last use, oldest first (a Map keeps insertion order). */
	readonly #buckets = new Map<string, Bucket>();

	constructor(policy: RatePolicy, maxKeys: number) {
		this.#policy = policy;
		this.#maxKeys = maxKeys;
	}

	/** Take `cost` tokens for `key` at `now`; false if it has not that many left. */
	take(key: string, now: number, cost = 1): boolean {
		const bucket = this.#refilled(key, now);
		if (bucket.tokens < cost) return false;
		bucket.tokens -= cost;
		return true;
	}

	/**
	 * Spend `cost` tokens for `key` at `now` even if it has not that many
	 * (what was received is not thrown away); how many ms until its bucket
	 * is out of debt again: how long the sender must wait (0: no wait).
	 */
	spend(key: string, now: number, cost: number): number {
		const bucket = this.#refilled(key, now);
		bucket.tokens -= cost;
		return bucket.tokens >= 0
			? 0
			: Math.ceil((-bucket.tokens * 1000) / this.#policy.perSecond);
	}

	/** Forget `key` (its link closed). */
	forget(key: string): void {
		this.#buckets.delete(key);
	}

	get size(): number {
		return this.#buckets.size;
	}

	#refilled(key: string, now: number): Bucket {
		const {burst, perSecond} = this.#policy;
		const bucket = this.#buckets.get(key) ?? {tokens: burst, at: now};
		const elapsed = Math.max(0, now - bucket.at);
		bucket.tokens = Math.min(
			burst,
			bucket.tokens + (elapsed * perSecond) / 1000,
		);
		bucket.at = now;
		this.#buckets.delete(key);
		this.#buckets.set(key, bucket);
		if (this.#buckets.size > this.#maxKeys) {
			const [oldest] = this.#buckets.keys();
			if (oldest !== undefined) this.#buckets.delete(oldest);
		}

		return bucket;
	}
}
