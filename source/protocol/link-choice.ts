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

/** Two hex digits per byte value, made once: `toHex` runs for every frame received. */
const hexDigits = Array.from({length: 256}, (_, byte) =>
	byte.toString(16).padStart(2, '0'),
);

/**
 * Lower-case hex of a key, the form used in tables and on screen. The same
 * key object is asked for often (an announcement's origin, relayed along
 * every link), so the answer is kept per object.
 */
export function toHex(bytes: Uint8Array): string {
	let hex = hexCache.get(bytes);
	if (hex !== undefined) return hex;
	hex = '';
	for (const byte of bytes) hex += hexDigits[byte];
	// Only key-sized arrays: a key is never changed after it is decoded or made.
	if (bytes.length === 32) hexCache.set(bytes, hex);
	return hex;
}

const hexCache = new WeakMap<Uint8Array, string>();

/** The bytes of a lower-case hex key (the inverse of `toHex`). */
export function fromHex(hex: string): Uint8Array {
	const bytes = new Uint8Array(hex.length / 2);
	for (let index = 0; index < bytes.length; index++) {
		bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
	}

	return bytes;
}

/** A short fingerprint of a hex key: its first 8 digits. */
export function fingerprintOf(hexKey: string): string {
	return hexKey.slice(0, 8);
}
