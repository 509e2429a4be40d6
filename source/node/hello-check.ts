/**
 * Whether a peer's HELLO lets its link in: it proves the network secret
 * when there is one, names a port others can dial and a nick that is safe
 * to show. Returns why not, or undefined.
 */
import type {HelloFrame} from '../protocol/native-frames.js';
import {nickProblem} from '../protocol/nick.js';
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
): string | undefined {
	const {secret, handshakeHash, remoteKey} = context;
	if (
		secret !== undefined &&
		!proofMatches(secretProof(secret, handshakeHash, remoteKey), hello.proof)
	) {
		return 'the peer does not know the network secret';
	}

	if (hello.listenPort === 0 || hello.listenPort > 65_535) {
		return `HELLO with port ${hello.listenPort}`;
	}

	const problem = nickProblem(hello.nick);
	if (problem !== undefined) return `HELLO with a bad nick (${problem})`;

	return undefined;
}
