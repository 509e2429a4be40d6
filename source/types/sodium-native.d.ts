/**
 * The part of sodium-native (5.x, libsodium bindings) that p2p-chat uses
 * directly: Ed25519 signatures and their checks, about twice as fast as
 * node:crypto's (50 against 108 µs here), which matters because every node
 * of the mesh verifies every line; and the boxes of private lines (`node/private-box.ts`):
 * ed25519 keys turned into X25519 ones, and `crypto_box`. The package
 * ships no types.
 */
/* eslint-disable @typescript-eslint/naming-convention, max-params -- libsodium's own names and signatures */
declare module 'sodium-native' {
	/** True if `signature` is `publicKey`'s Ed25519 signature over `message`. */
	export function crypto_sign_verify_detached(
		signature: Uint8Array,
		message: Uint8Array,
		publicKey: Uint8Array,
	): boolean;
	/** Writes `secretKey`'s Ed25519 signature over `message` into `signature` (64 bytes). */
	export function crypto_sign_detached(
		signature: Uint8Array,
		message: Uint8Array,
		secretKey: Uint8Array,
	): void;
	export const crypto_sign_BYTES: number;
	export const crypto_sign_PUBLICKEYBYTES: number;
	export const crypto_sign_SECRETKEYBYTES: number;

	/** Writes the X25519 form of an ed25519 public key; throws for a point off the curve. */
	export function crypto_sign_ed25519_pk_to_curve25519(
		x25519PublicKey: Uint8Array,
		ed25519PublicKey: Uint8Array,
	): void;
	/** Writes the X25519 form of an ed25519 secret key (64 bytes). */
	export function crypto_sign_ed25519_sk_to_curve25519(
		x25519SecretKey: Uint8Array,
		ed25519SecretKey: Uint8Array,
	): void;
	/** Encrypts and authenticates `message` into `ciphertext` (MAC first). */
	export function crypto_box_easy(
		ciphertext: Uint8Array,
		message: Uint8Array,
		nonce: Uint8Array,
		publicKey: Uint8Array,
		secretKey: Uint8Array,
	): void;
	/** Whether `ciphertext` opened (then `message` holds the text). */
	export function crypto_box_open_easy(
		message: Uint8Array,
		ciphertext: Uint8Array,
		nonce: Uint8Array,
		publicKey: Uint8Array,
		secretKey: Uint8Array,
	): boolean;
	/** BLAKE2b of `input` into `output` (16 to 64 bytes), keyed when `key` is given. */
	export function crypto_generichash(
		output: Uint8Array,
		input: Uint8Array,
		key?: Uint8Array,
	): void;
	export function randombytes_buf(buffer: Uint8Array): void;
	export const crypto_box_NONCEBYTES: number;
	export const crypto_box_MACBYTES: number;
	export const crypto_box_PUBLICKEYBYTES: number;
	export const crypto_box_SECRETKEYBYTES: number;
}
/* eslint-enable @typescript-eslint/naming-convention, max-params */
