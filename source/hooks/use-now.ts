import {useEffect, useState} from 'react';

/** `Date.now()`, refreshed every `intervalMs` (for "12s ago" labels). */
export function useNow(intervalMs: number): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => {
			setNow(Date.now());
		}, intervalMs);
		// A clock label must never keep the process alive on its own.
		timer.unref();
		return () => {
			clearInterval(timer);
		};
	}, [intervalMs]);
	return now;
}
