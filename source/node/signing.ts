/**
 * Signatures, message ids and the network-secret proof: node:crypto signs
 * and hashes, libsodium (sodium-native) checks signatures, twice as fast.
 * The bytes that are signed are defined in `protocol/native-frames.ts`; this
 * file only does the cryptography.
 */
import {Buffer} from 'node:buffer';
import {
	createHash,
	createHmac,
	createPrivateKey,
	scryptSync,
	sign,
	timingSafeEqual,
	type KeyObject,
} from 'node:crypto';
import sodium from 'sodium-native';
import {
	announcementSignedBytes,
	bridgedSignedBytes,
} from '../protocol/gossip-frames.js';
import type {Announcement, BridgedLine} from '../protocol/gossip-messages.js';
import {signedBytes, type ChatEnvelope} from '../protocol/native-frames.js';
import type {Verifier} from '../protocol/core-types.js';
import type {KeyPair} from './identity.js';

function base64url(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('base64url');
}

/** Signs envelopes with one identity. */
export class Signer {
	readonly publicKey: Uint8Array;
	readonly #privateKey: KeyObject;

	constructor(keyPair: KeyPair) {
		this.publicKey = keyPair.publicKey;
		this.#privateKey = createPrivateKey({
			key: {
				kty: 'OKP',
				crv: 'Ed25519',
				d: base64url(keyPair.secretKey.subarray(0, 32)),
				x: base64url(keyPair.publicKey),
			},
			format: 'jwk',
		});
	}

	sign(unsigned: Omit<ChatEnvelope, 'signature' | 'author'>): ChatEnvelope {
		const envelope = {...unsigned, author: this.publicKey};
		const signature = sign(undefined, signedBytes(envelope), this.#privateKey);
		return {...envelope, signature};
	}

	signAnnouncement(
		unsigned: Omit<Announcement, 'signature' | 'origin'>,
	): Announcement {
		const announcement = {...unsigned, origin: this.publicKey};
		const bytes = announcementSignedBytes(announcement);
		return {
			...announcement,
			signature: sign(undefined, bytes, this.#privateKey),
		};
	}

	signBridged(
		unsigned: Omit<BridgedLine, 'signature' | 'bridge'>,
	): BridgedLine {
		const line = {...unsigned, bridge: this.publicKey};
		const bytes = bridgedSignedBytes(line);
		return {...line, signature: sign(undefined, bytes, this.#privateKey)};
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

/**
 * A received line's signed bytes are wanted twice, for its id and for its
 * signature: made once per envelope (an envelope is never changed once
 * decoded or signed), and gone with it.
 */
const signedOf = new WeakMap<ChatEnvelope, Uint8Array>();

function envelopeBytes(envelope: ChatEnvelope): Uint8Array {
	let bytes = signedOf.get(envelope);
	if (bytes === undefined) {
		bytes = signedBytes(envelope);
		signedOf.set(envelope, bytes);
	}

	return bytes;
}

/** Whether the envelope's signature is its author's, over exactly these fields. */
export function verifyEnvelope(envelope: ChatEnvelope): boolean {
	return verifies(envelopeBytes(envelope), envelope.author, envelope.signature);
}

/** The message id: sha256 of the signed bytes, hex. */
export function messageId(envelope: ChatEnvelope): string {
	return createHash('sha256').update(envelopeBytes(envelope)).digest('hex');
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
