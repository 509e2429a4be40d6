/**
 * Capped exponential backoff with optional "full jitter" (Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015). The random draw is passed
 * in so the function stays pure and testable.
 */

/** Backoff bounds in milliseconds. */
export type BackoffPolicy = {
	readonly baseMs: number;
	readonly maxMs: number;
};

export const defaultBackoff: BackoffPolicy = {baseMs: 1000, maxMs: 60_000};

/**
 * Delay before attempt number `failures + 1`. With `random` in [0, 1) the
 * delay is spread over [half, full] of the exponential step, so hosts that
 * failed together do not retry together; without it the delay is exact.
 */
export function backoffDelay(
	failures: number,
	policy: BackoffPolicy = defaultBackoff,
	random?: number,
): number {
	const exponent = Math.max(0, failures - 1);
	const step = Math.min(
		policy.maxMs,
		policy.baseMs * 2 ** Math.min(exponent, 30),
	);
	if (random === undefined) {
		return step;
	}

	return Math.round(step / 2 + (step / 2) * random);
}
