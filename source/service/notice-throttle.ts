/**
 * How often one remote party can put an error in the log. Each bad frame or
 * connection is still counted (the status line shows the totals), but a
 * peer sending garbage in a loop must not push the conversation out of the
 * scrollback: 20,000 error lines in 2 s were seen in a hostile test. Each
 * source gets a small bucket of notices that refills slowly, and all
 * sources together a larger one; what does not fit is summed up in the next
 * notice that does.
 */

/** Notices one source may add at once, and how fast its allowance comes back. */
const perSource = {burst: 5, refillMs: 2000};
/** The same for all sources together (many addresses, one attacker). */
const overall = {burst: 20, refillMs: 500};
/** Sources remembered; the quietest are forgotten first. */
const maxSources = 1000;

type Bucket = {tokens: number; at: number; suppressed: number};

export class NoticeThrottle {
	readonly #now: () => number;
	readonly #sources = new Map<string, Bucket>();
	readonly #overall: Bucket;

	constructor(now: () => number) {
		this.#now = now;
		this.#overall = {tokens: overall.burst, at: now(), suppressed: 0};
	}

	/**
	 * Whether a notice about `source` may go in the log now; when it may,
	 * `text` plus how many were held back since the last one. Undefined
	 * when it is held back (counted towards the next).
	 */
	admit(source: string, text: string): string | undefined {
		const now = this.#now();
		let bucket = this.#sources.get(source);
		if (bucket) {
			this.#sources.delete(source);
		} else {
			bucket = {tokens: perSource.burst, at: now, suppressed: 0};
		}

		this.#sources.set(source, bucket);
		if (this.#sources.size > maxSources) {
			const quietest = this.#sources.keys().next().value;
			if (quietest !== undefined) this.#sources.delete(quietest);
		}

		refill(bucket, perSource, now);
		refill(this.#overall, overall, now);
		if (bucket.tokens < 1 || this.#overall.tokens < 1) {
			bucket.suppressed++;
			return undefined;
		}

		bucket.tokens--;
		this.#overall.tokens--;
		const held = bucket.suppressed;
		bucket.suppressed = 0;
		return held === 0
			? text
			: `${text} (${held} more like it from ${source} not shown; all are counted.)`;
	}
}

function refill(
	bucket: Bucket,
	rate: {readonly burst: number; readonly refillMs: number},
	now: number,
): void {
	// A clock that went back refills nothing (and does not drain either).
	const elapsed = Math.max(0, now - bucket.at);
	const earned = Math.floor(elapsed / rate.refillMs);
	if (earned > 0) {
		bucket.tokens = Math.min(rate.burst, bucket.tokens + earned);
		bucket.at += earned * rate.refillMs;
	}

	if (bucket.tokens >= rate.burst) bucket.at = now;
}
