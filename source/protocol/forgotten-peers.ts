/**
 * Peers forgotten lately, with the version of their announcement we last
 * held. Others may still hold that announcement and hand it back in peer
 * exchange; without this memory a dead peer would come back with every new
 * link, and never go. Bounded in count and time. Pure.
 */
import type {PeerKey} from './flood.js';

export class ForgottenPeers {
	readonly #keepMs: number;
	readonly #limit: number;
	readonly #peers = new Map<PeerKey, {version: number; until: number}>();

	/** Remember each for `keepMs`, and at most `limit` at once. */
	constructor(keepMs: number, limit: number) {
		this.#keepMs = keepMs;
		this.#limit = limit;
	}

	/** `key` was forgotten at `now`, its last announcement at `version`. */
	add(key: PeerKey, version: number, now: number): void {
		this.#peers.delete(key);
		this.#peers.set(key, {version, until: now + this.#keepMs});
		if (this.#peers.size > this.#limit) {
			this.#peers.delete(this.#peers.keys().next().value!);
		}
	}

	/** Whether an announcement of `key` at `version` is only a copy of what we forgot. */
	isStale(key: PeerKey, version: number, now: number): boolean {
		const gone = this.#peers.get(key);
		return gone !== undefined && gone.until > now && version <= gone.version;
	}

	/** Let go of those remembered long enough. */
	sweep(now: number): void {
		for (const [key, gone] of this.#peers) {
			if (gone.until <= now) this.#peers.delete(key);
		}
	}
}
