/**
 * Where the last link was refused because the network secrets differ: by
 * the key the peer's handshake proved, and by the address dialed (a
 * `--bootstrap` or `/connect` address has no key to show). A peer being
 * rejoined after a restart with a wrong `--secret` is dialed again and
 * again, and its row must say why it never comes, not "connecting" or
 * "never reached". Forgotten when a link there is up. Bounded: the keys
 * are the peers', and anyone can make new ones.
 */
import type {CloseReason} from './close-reason.js';

const maxRemembered = 64;

export class SecretRefusals {
	/** By a peer's key, or an address dialed (`ip:port`). */
	readonly #reasons = new Map<string, CloseReason>();

	/** `key`'s link was refused for `reason` (one of code `secret`). */
	refused(key: string, reason: CloseReason): void {
		// Newest last: a Map iterates in insertion order.
		this.#reasons.delete(key);
		this.#reasons.set(key, reason);
		for (const oldest of this.#reasons.keys()) {
			if (this.#reasons.size <= maxRemembered) break;
			this.#reasons.delete(oldest);
		}
	}

	/** `key` linked: whatever was refused before is over. */
	linked(key: string): void {
		this.#reasons.delete(key);
	}

	/** Why `key`'s last link was refused, if it was for the secret. */
	reasonOf(key: string): CloseReason | undefined {
		return this.#reasons.get(key);
	}
}
