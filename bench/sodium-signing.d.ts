/**
 * The one libsodium call the hostile bench's attacker needs besides what
 * source/types/sodium-native.d.ts declares: signing, to make its floods
 * ahead of time as fast as the nodes check them.
 */
/* eslint-disable @typescript-eslint/naming-convention -- libsodium's own names */
declare module 'sodium-native' {
	/** Writes `secretKey`'s Ed25519 signature over `message` into `signature` (64 bytes). */
	export function crypto_sign_detached(
		signature: Uint8Array,
		message: Uint8Array,
		secretKey: Uint8Array,
	): void;
}
/* eslint-enable @typescript-eslint/naming-convention */
