/**
 * The cryptography of private lines (docs/PROTOCOL.md §5c): libsodium's
 * `crypto_box` (X25519, XSalsa20-Poly1305) between the sender's and the
 * recipient's identity keys, each turned from ed25519 into X25519. A box,
 * unlike a sealed box, proves which key made it, and both ends can open
 * it (the shared key is the same either way), so the sender reads its own
 * private lines back from its history and catch-up as the recipient does.
 *
 * The box holds the sender's key before the text: a box is bound to a
 * pair of keys, not to a direction, and without it the recipient could
 * sign a copy of a line it received as its own, addressed back to the
 * sender, who would then read its own words as the recipient's.
 */
import {Buffer} from 'node:buffer';
import sodium from 'sodium-native';
import type {KeyPair} from './identity.js';

const nonceBytes = sodium.crypto_box_NONCEBYTES;
const macBytes = sodium.crypto_box_MACBYTES;
const keyBytes = sodium.crypto_sign_PUBLICKEYBYTES;

/** Opens and makes the boxes of private lines for one identity. */
export class PrivateBox {
	readonly #publicKey: Uint8Array;
	/** Our X25519 secret key, made once. */
	readonly #secret: Uint8Array;

	constructor(keyPair: KeyPair) {
		this.#publicKey = keyPair.publicKey;
		this.#secret = Buffer.alloc(sodium.crypto_box_SECRETKEYBYTES);
		sodium.crypto_sign_ed25519_sk_to_curve25519(
			this.#secret,
			Buffer.from(keyPair.secretKey),
		);
	}

	/**
	 * `text` boxed for `recipient` (an ed25519 public key), as base64:
	 * a random nonce, then the ciphertext of our key and the text.
	 * Undefined when `recipient` is not a key a box can be made for.
	 */
	seal(recipient: Uint8Array, text: string): string | undefined {
		const peer = curveKey(recipient);
		if (!peer) return undefined;
		const plain = Buffer.concat([this.#publicKey, Buffer.from(text, 'utf8')]);
		const box = Buffer.alloc(nonceBytes + macBytes + plain.length);
		const nonce = box.subarray(0, nonceBytes);
		sodium.randombytes_buf(nonce);
		sodium.crypto_box_easy(
			box.subarray(nonceBytes),
			plain,
			nonce,
			peer,
			this.#secret,
		);
		return box.toString('base64');
	}

	/**
	 * The text of a box (base64) that `author` wrote, shared between us and
	 * `peer` (the author when we received it, the recipient when we wrote
	 * it). Undefined when it does not open: made with other keys, damaged,
	 * or written by a key other than `author`.
	 */
	open(box: string, peer: Uint8Array, author: Uint8Array): string | undefined {
		const other = curveKey(peer);
		const bytes = Buffer.from(box, 'base64');
		if (!other || bytes.length < nonceBytes + macBytes + keyBytes) {
			return undefined;
		}

		const plain = Buffer.alloc(bytes.length - nonceBytes - macBytes);
		const opened = sodium.crypto_box_open_easy(
			plain,
			bytes.subarray(nonceBytes),
			bytes.subarray(0, nonceBytes),
			other,
			this.#secret,
		);
		if (!opened || !plain.subarray(0, keyBytes).equals(author)) {
			return undefined;
		}

		return plain.subarray(keyBytes).toString('utf8');
	}
}

/** The X25519 form of an ed25519 public key; none for bytes that are not one. */
function curveKey(key: Uint8Array): Uint8Array | undefined {
	if (key.length !== keyBytes) return undefined;
	const curve = Buffer.alloc(sodium.crypto_box_PUBLICKEYBYTES);
	try {
		sodium.crypto_sign_ed25519_pk_to_curve25519(curve, key);
	} catch {
		// Not a point on the curve: nobody holds its secret key.
		return undefined;
	}

	return curve;
}
