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

export function chooseEviction<T extends Unfinished>(
	open: Iterable<T>,
	now: number,
	minAgeMs: number,
): T | undefined {
	const byAddress = new Map<string, T[]>();
	for (const item of open) {
		const group = byAddress.get(item.address);
		if (group) group.push(item);
		else byAddress.set(item.address, [item]);
	}

	let crowded: T[] | undefined;
	for (const group of byAddress.values()) {
		if (!crowded || group.length > crowded.length) crowded = group;
	}

	if (!crowded) return undefined;
	const ranked = crowded.toSorted(
		(a, b) => a.progress - b.progress || a.since - b.since,
	);
	return ranked.find((item) => now - item.since >= minAgeMs) ?? ranked[0];
}
