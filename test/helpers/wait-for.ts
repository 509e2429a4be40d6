/**
 * Poll until `check` returns a truthy value or the deadline passes. Tests use
 * this instead of fixed sleeps; every wait is bounded in time and count.
 */
export async function waitFor<T>(
	check: () => T | undefined | false | Promise<T | undefined | false>,
	{timeoutMs = 5000, intervalMs = 10, what = 'condition'} = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
	for (let poll = 0; poll < maxPolls; poll++) {
		// eslint-disable-next-line no-await-in-loop
		const value = await check();
		if (value) {
			return value;
		}

		if (Date.now() >= deadline) {
			break;
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(intervalMs);
	}

	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

/**
 * `promise`'s value, or `fallback` once `ms` have passed: a deadline, not a
 * delay. The timer is cleared when the promise settles first, so a test file
 * does not sit out deadlines that were never needed before its process ends.
 */
export async function within<T, F>(
	promise: Promise<T>,
	ms: number,
	fallback: F,
): Promise<T | F> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<F>((resolve) => {
		timer = setTimeout(resolve, ms, fallback);
	});
	try {
		return await Promise.race([promise, deadline]);
	} finally {
		clearTimeout(timer);
	}
}
