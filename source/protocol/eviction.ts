/**
 * Which unfinished connection makes room when a node is full. Connections
 * that have not finished their opening or handshake prove nothing yet, so
 * none may keep a newcomer out; but the one that goes must cost an attacker
 * more than an honest peer. So: from the address that holds the most of
 * them (one address, or a few, cannot take the slots others need), the one
 * that has shown the least (nothing sent before a message in progress),
 * the oldest first, and never one younger than `minAgeMs` while an older
 * one is there (a newcomer is not pushed out by the next newcomer).
 * Established links never appear here: many honest nodes share one
 * address (a NAT, or dozens on 127.0.0.1).
 */

/** What the choice needs to know of an unfinished connection. */
export type Unfinished = {
	/** The remote address, as the socket saw it. */
	readonly address: string;
	/** When it was accepted (any monotonic clock, the same for all). */
	readonly since: number;
	/** 0: nothing useful yet (silence, an opening); 1: a message in progress. */
	readonly progress: 0 | 1;
};

/**
 * What to choose from: a set or an array. Read with `forEach`, twice, and
 * nothing is copied or sorted: the server asks at every connection it
 * accepts when full, and a churn of 5,000 connections a second that built
 * and sorted arrays here made half of a node's garbage (and so of its
 * heap's growth) in the hostile bench.
 */
export type EvictionCandidates<T> = {
	forEach(callback: (item: T) => void): void;
};

/** Whether `a` goes before `b`: less shown, then older. */
function before(a: Unfinished, b: Unfinished): boolean {
	return a.progress === b.progress
		? a.since < b.since
		: a.progress < b.progress;
}

export function chooseEviction<T extends Unfinished>(
	open: EvictionCandidates<T>,
	now: number,
	minAgeMs: number,
): T | undefined {
	// How many each address holds: a few entries, one per address.
	const counts = new Map<string, number>();
	// `forEach`, not `for of`: a set's iterator made an object per item per
	// call (70 of 470 MB allocated in a churn of connections).
	// eslint-disable-next-line unicorn/no-array-for-each -- see above
	open.forEach((item) => {
		counts.set(item.address, (counts.get(item.address) ?? 0) + 1);
	});

	let crowded: string | undefined;
	let most = 0;
	// The first address (in the order met) with the most, as ties fall.
	for (const [address, count] of counts) {
		if (count > most) {
			most = count;
			crowded = address;
		}
	}

	if (crowded === undefined) return undefined;
	// Of the crowded address's: the first by (progress, since) among those
	// old enough, else the first of all; on a tie, the one met first.
	let oldEnough: T | undefined;
	let first: T | undefined;
	// eslint-disable-next-line unicorn/no-array-for-each -- as above
	open.forEach((item) => {
		if (item.address !== crowded) return;
		if (!first || before(item, first)) first = item;
		if (now - item.since < minAgeMs) return;
		if (!oldEnough || before(item, oldEnough)) oldEnough = item;
	});

	return oldEnough ?? first;
}
