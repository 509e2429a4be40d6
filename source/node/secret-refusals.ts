/**
 * Peers whose last link was refused because the network secrets differ,
 * by the key their handshake proved: a peer being rejoined after a restart
 * with a wrong `--secret` is dialed again and again, and its row must say
 * why it never comes, not "connecting". Forgotten when the peer links.
 * Bounded: the keys are the peers', and anyone can make new ones.
 */
import type {PeerKey} from '../protocol/peer-key.js';
import type {CloseReason} from './close-reason.js';

const maxRemembered = 64;

export class SecretRefusals {
	readonly #reasons = new Map<PeerKey, CloseReason>();

	/** `key`'s link was refused for `reason` (one of code `secret`). */
	refused(key: PeerKey, reason: CloseReason): void {
		// Newest last: a Map iterates in insertion order.
		this.#reasons.delete(key);
		this.#reasons.set(key, reason);
		for (const oldest of this.#reasons.keys()) {
			if (this.#reasons.size <= maxRemembered) break;
			this.#reasons.delete(oldest);
		}
	}

	/** `key` linked: whatever was refused before is over. */
	linked(key: PeerKey): void {
		this.#reasons.delete(key);
	}

	/** Why `key`'s last link was refused, if it was for the secret. */
	reasonOf(key: PeerKey): CloseReason | undefined {
		return this.#reasons.get(key);
	}
}
