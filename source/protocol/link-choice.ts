/**
 * Exactly one link per remote key. When two links to the same peer exist
 * (both sides dialed at once, or a reconnect raced an old link), both ends
 * must keep the same one without talking about it. Rule: keep the link that
 * was dialed by the node with the smaller public key; between two links
 * dialed by the same node, keep the newer (the older is likely half-dead).
 * Pure: keys are compared as hex strings, which orders like the bytes.
 */

/** What the rule needs to know about a link. */
export type LinkCandidate = {
	/** Hex public key of the node that dialed this link. */
	readonly dialerKey: string;
	/** When the link became ready, by any monotonic clock. */
	readonly readyAt: number;
};

/** Which of two links to the same peer to keep. */
export function chooseLink<T extends LinkCandidate>(
	existing: T,
	incoming: T,
): T {
	if (existing.dialerKey !== incoming.dialerKey) {
		return existing.dialerKey < incoming.dialerKey ? existing : incoming;
	}

	return incoming.readyAt >= existing.readyAt ? incoming : existing;
}
