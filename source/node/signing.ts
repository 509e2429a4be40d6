/**
 * Signatures, message ids and the network-secret proof: node:crypto signs
 * and hashes, libsodium (sodium-native) checks signatures, twice as fast.
 * The bytes that are signed are defined in `protocol/native-frames.ts`; this
 * file only does the cryptography.
 */
import {createHash, createHmac, scryptSync, timingSafeEqual} from 'node:crypto';
import sodium from 'sodium-native';
import {
	announcementSignedBytes,
	bridgedSignedBytes,
} from '../protocol/gossip-frames.js';
import type {Announcement, BridgedLine} from '../protocol/gossip-messages.js';
import {
	signedBytes,
	withSignature,
	type ChatEnvelope,
} from '../protocol/native-frames.js';
import type {Verifier} from '../protocol/core-types.js';
import type {KeyPair} from './identity.js';

/**
 * Signs envelopes with one identity. Libsodium signs too: a third of the
 * time node:crypto takes per line (Ed25519 is deterministic, so the
 * signatures are the same bytes either way).
 */
export class Signer {
	readonly publicKey: Uint8Array;
	/** Libsodium's 64-byte form: the seed, then the public key. */
	readonly #secretKey: Uint8Array;

	constructor(keyPair: KeyPair) {
		this.publicKey = keyPair.publicKey;
		if (keyPair.secretKey.length !== sodium.crypto_sign_SECRETKEYBYTES) {
			throw new Error('a signing key must be 64 bytes (seed and public key)');
		}

		this.#secretKey = keyPair.secretKey;
	}

	sign(unsigned: Omit<ChatEnvelope, 'signature' | 'author'>): ChatEnvelope {
		const envelope = {...unsigned, author: this.publicKey};
		return withSignature(envelope, this.#sign(signedBytes(envelope)));
	}

	signAnnouncement(
		unsigned: Omit<Announcement, 'signature' | 'origin'>,
	): Announcement {
		const announcement = {...unsigned, origin: this.publicKey};
		const bytes = announcementSignedBytes(announcement);
		return {...announcement, signature: this.#sign(bytes)};
	}

	signBridged(
		unsigned: Omit<BridgedLine, 'signature' | 'bridge'>,
	): BridgedLine {
		const line = {...unsigned, bridge: this.publicKey};
		const bytes = bridgedSignedBytes(line);
		return {...line, signature: this.#sign(bytes)};
	}

	#sign(bytes: Uint8Array): Uint8Array {
		const signature = new Uint8Array(sodium.crypto_sign_BYTES);
		sodium.crypto_sign_detached(signature, bytes, this.#secretKey);
		return signature;
	}
}

function verifies(
	bytes: Uint8Array,
	publicKey: Uint8Array,
	signature: Uint8Array,
): boolean {
	// Libsodium checks the sizes' meaning, not the sizes: a wrong size is a bad signature.
	if (
		publicKey.length !== sodium.crypto_sign_PUBLICKEYBYTES ||
		signature.length !== sodium.crypto_sign_BYTES
	) {
		return false;
	}

	// Libsodium rejects keys that are not valid curve points (and small-order ones).
	return sodium.crypto_sign_verify_detached(signature, bytes, publicKey);
}

/** Whether the announcement was signed by its origin, over exactly these fields. */
export function verifyAnnouncement(announcement: Announcement): boolean {
	return verifies(
		announcementSignedBytes(announcement),
		announcement.origin,
		announcement.signature,
	);
}

/** Whether the bridged line was signed by its bridge, over exactly these fields. */
export function verifyBridged(line: BridgedLine): boolean {
	return verifies(bridgedSignedBytes(line), line.bridge, line.signature);
}

/** A bridged line's id: sha256 of its signed bytes, hex. */
export function bridgedId(line: BridgedLine): string {
	return createHash('sha256').update(bridgedSignedBytes(line)).digest('hex');
}

/** Whether the envelope's signature is its author's, over exactly these fields. */
export function verifyEnvelope(envelope: ChatEnvelope): boolean {
	return verifies(signedBytes(envelope), envelope.author, envelope.signature);
}

/**
 * Ids already taken, per envelope: a line's id is asked for by the mesh,
 * the history and the delivery report, and envelopes never change.
 */
const ids = new WeakMap<ChatEnvelope, string>();

/** The message id: sha256 of the signed bytes, hex. */
export function messageId(envelope: ChatEnvelope): string {
	let id = ids.get(envelope);
	if (id === undefined) {
		id = createHash('sha256').update(signedBytes(envelope)).digest('hex');
		ids.set(envelope, id);
	}

	return id;
}

const secretKeys = new Map<string, Uint8Array>();

/**
 * The key the network secret stretches to: scrypt (N = 2^15, r = 8, p = 1),
 * so that someone who records a proof pays dearly for every guess of the
 * secret. Computed once per secret (about 0.1 s) and cached.
 */
export function networkKey(secret: string): Uint8Array {
	let key = secretKeys.get(secret);
	if (!key) {
		key = scryptSync(secret, 'p2p-chat network secret v1', 32, {
			// eslint-disable-next-line @typescript-eslint/naming-convention -- scrypt's own name
			N: 2 ** 15,
			r: 8,
			p: 1,
			maxmem: 64 * 1024 * 1024,
		});
		secretKeys.set(secret, key);
	}

	return key;
}

/**
 * Proof that the sender knows the network secret, bound to this handshake
 * and to the sender's key so it cannot be replayed on another link or by the
 * other side: HMAC-SHA256(networkKey(secret), handshakeHash + senderKey).
 */
export function secretProof(
	secret: string,
	handshakeHash: Uint8Array,
	senderKey: Uint8Array,
): Uint8Array {
	return createHmac('sha256', networkKey(secret))
		.update(handshakeHash)
		.update(senderKey)
		.digest();
}

export function proofMatches(
	expected: Uint8Array,
	received: Uint8Array,
): boolean {
	return (
		expected.length === received.length && timingSafeEqual(expected, received)
	);
}

/** The core's cryptography (`protocol/core-types.ts`), done for real. */
export const verifier: Verifier = {
	chatId: messageId,
	bridgedId,
	verifyChat: verifyEnvelope,
	verifyBridged,
	verifyAnnouncement,
};
