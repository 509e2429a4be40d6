/**
 * Where the last link was refused because the network secrets differ: by
 * the key the peer's handshake proved (on links this node dialed), and by
 * the address dialed (a `--bootstrap` or `/connect` address has no key to
 * show). A peer being rejoined after a restart with a wrong `--secret` is
 * dialed again and again, and its row must say why it never comes, not
 * "connecting" or "never reached". Forgotten when a link there is up, when
 * a dial there ends any other way, and once no refusal has renewed it for
 * `freshMs` (a peer no longer dialed is just gone). Bounded: the keys are
 * the peers', and anyone can make new ones.
 */
import type {CloseReason} from './close-reason.js';

const maxRemembered = 64;
/** As long as a row of a peer lost without a goodbye stays unfolded. */
const freshMs = 10 * 60_000;

type Refusal = {readonly reason: CloseReason; readonly at: number};

export class SecretRefusals {
	/** By a peer's key, or an address dialed (`ip:port`). */
	readonly #refusals = new Map<string, Refusal>();
	readonly #now: () => number;

	/** `now`: a monotonic clock in ms. */
	constructor(now: () => number) {
		this.#now = now;
	}

	/** `key`'s link was refused for `reason` (one of code `secret`). */
	refused(key: string, reason: CloseReason): void {
		// Newest last: a Map iterates in insertion order.
		this.#refusals.delete(key);
		this.#refusals.set(key, {reason, at: this.#now()});
		for (const oldest of this.#refusals.keys()) {
			if (this.#refusals.size <= maxRemembered) break;
			this.#refusals.delete(oldest);
		}
	}

	/** What was refused at `key` before is over (it linked, or a dial there ended otherwise). */
	forget(key: string): void {
		this.#refusals.delete(key);
	}

	/** Why `key`'s last link was refused, if it was for the secret, lately. */
	reasonOf(key: string): CloseReason | undefined {
		const refusal = this.#refusals.get(key);
		if (refusal === undefined) return undefined;
		if (this.#now() - refusal.at < freshMs) return refusal.reason;
		this.#refusals.delete(key);
		return undefined;
	}
}
