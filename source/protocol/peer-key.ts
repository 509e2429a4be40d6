/**
 * A peer's identity: its ed25519 public key, written as 64 lower-case hex
 * digits (the form used in tables, announcements' indexes and on screen).
 * `PeerKey` is branded: only `peerKeyOf` (from a key's bytes) and
 * `parsePeerKey` (checking text) make one, so a nick, an address or any
 * other string cannot be passed where a key is meant.
 */
declare const peerKeyBrand: unique symbol;

/** A peer, by its public key in lower-case hex. */
export type PeerKey = string & {readonly [peerKeyBrand]: true};

/** Two hex digits per byte value, made once: keys are made for every frame received. */
const hexDigits = Array.from({length: 256}, (_, byte) =>
	byte.toString(16).padStart(2, '0'),
);

const keyCache = new WeakMap<Uint8Array, PeerKey>();

/**
 * The key of these 32 bytes. The same key object is asked for often (an
 * announcement's origin, relayed along every link), so the answer is kept
 * per object: a key is never changed after it is decoded or made.
 */
export function peerKeyOf(bytes: Uint8Array): PeerKey {
	let key = keyCache.get(bytes);
	if (key !== undefined) return key;
	// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- made from key bytes: one of the two places a PeerKey is made
	key = hexOf(bytes) as PeerKey;
	if (bytes.length === 32) keyCache.set(bytes, key);
	return key;
}

/** Bytes as lower-case hex (keys, message ids). */
export function hexOf(bytes: Uint8Array): string {
	let hex = '';
	for (const byte of bytes) hex += hexDigits[byte];
	return hex;
}

/** `text` as a key, if it is 64 lower-case hex digits. */
export function parsePeerKey(text: string): PeerKey | undefined {
	// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- checked: the other place a PeerKey is made
	return /^[\da-f]{64}$/v.test(text) ? (text as PeerKey) : undefined;
}

/** The bytes of hex text, a key or an id (the inverse of `hexOf`). */
export function keyBytes(hex: string): Uint8Array {
	const bytes = new Uint8Array(hex.length / 2);
	for (let index = 0; index < bytes.length; index++) {
		bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
	}

	return bytes;
}

/** A short fingerprint of a hex key, for display: its first 8 digits. */
export function fingerprintOf(key: string): string {
	return key.slice(0, 8);
}
