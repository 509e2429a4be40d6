import {useEffect, useState} from 'react';

/**
 * `Date.now()`, refreshed when `nextChange` says what is drawn from it
 * next changes (for "12s ago" labels); no timer at all while it returns
 * undefined, so an idle screen does not wake the process.
 */
export function useNow(
	nextChange: (now: number) => number | undefined,
): number {
	const [now, setNow] = useState(() => Date.now());
	const next = nextChange(now);
	useEffect(() => {
		if (next === undefined) return;
		// A `now` that is stale (nothing asked for it for a while) catches up
		// at once.
		const timer = setTimeout(
			() => {
				setNow(Date.now());
			},
			Math.max(0, next - Date.now()),
		);
		// A clock label must never keep the process alive on its own.
		timer.unref();
		return () => {
			clearTimeout(timer);
		};
	}, [next]);
	return now;
}
