/**
 * Whether a peer's HELLO lets its link in: it proves the network secret
 * when there is one, names a port others can dial and a nick that is safe
 * to show. Returns why not, or undefined. And the proof our own HELLO
 * carries.
 *
 * A HELLO's proof is empty exactly when its sender has no secret, so each
 * end can tell, from the HELLO it received, which of three mismatches it
 * is, and say so, without either end learning anything of a secret: the
 * proof is an HMAC bound to this handshake.
 */
import type {HelloFrame} from '../protocol/native-frames.js';
import {nickProblem} from '../protocol/nick.js';
import type {CloseReason} from './close-reason.js';
import {proofMatches, secretProof} from './signing.js';

export type HelloContext = {
	/** The network secret, if this node has one. */
	readonly secret: string | undefined;
	/** Both from the finished handshake. */
	readonly handshakeHash: Uint8Array;
	readonly remoteKey: Uint8Array;
};

export function helloProblem(
	hello: HelloFrame,
	context: HelloContext,
): CloseReason | undefined {
	const secret = secretProblem(hello.proof, context);
	if (secret !== undefined) return {code: 'secret', text: secret};

	if (hello.listenPort === 0 || hello.listenPort > 65_535) {
		return {code: 'hello', text: `HELLO with port ${hello.listenPort}`};
	}

	const nick = nickProblem(hello.nick);
	if (nick !== undefined) {
		return {code: 'hello', text: `HELLO with a bad nick (${nick})`};
	}

	return undefined;
}

/**
 * We have no secret and the peer proves one: its network needs a secret.
 * We have one and the peer has none, or proves another: it is on another
 * network, or one of us mistyped it.
 */
function secretProblem(
	proof: Uint8Array,
	{secret, handshakeHash, remoteKey}: HelloContext,
): string | undefined {
	if (secret === undefined) {
		return proof.length === 0
			? undefined
			: 'this network needs a secret (--secret, or P2P_CHAT_SECRET)';
	}

	if (proof.length === 0) {
		return 'the peer has no network secret, and this network needs one';
	}

	return proofMatches(secretProof(secret, handshakeHash, remoteKey), proof)
		? undefined
		: 'wrong network secret (the peer knows another one)';
}

/**
 * The proof of the network secret our HELLO carries: empty without a
 * secret (the peer reads that as "none"), else bound to this handshake and
 * to our key, as `secretProblem` checks the peer's.
 */
export function helloProof(
	secret: string | undefined,
	handshakeHash: Uint8Array | undefined,
	ownKey: Uint8Array,
): Uint8Array {
	return secret && handshakeHash
		? secretProof(secret, handshakeHash, ownKey)
		: new Uint8Array(0);
}
