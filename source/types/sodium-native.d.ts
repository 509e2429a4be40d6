/**
 * The part of sodium-native (5.x, libsodium bindings) that p2p-chat uses
 * directly: Ed25519 signature checks, about twice as fast as node:crypto's
 * (50 against 108 µs here), which matters because every node of the mesh
 * verifies every line. The package ships no types.
 */
/* eslint-disable @typescript-eslint/naming-convention -- libsodium's own names */
declare module 'sodium-native' {
	/** True if `signature` is `publicKey`'s Ed25519 signature over `message`. */
	export function crypto_sign_verify_detached(
		signature: Uint8Array,
		message: Uint8Array,
		publicKey: Uint8Array,
	): boolean;
	export const crypto_sign_BYTES: number;
	export const crypto_sign_PUBLICKEYBYTES: number;
}
/* eslint-enable @typescript-eslint/naming-convention */
