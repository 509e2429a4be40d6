/**
 * What one peer may cost this node: new announcements per link and per
 * author, and the bytes of one author's lines. A share exceeded means drop
 * and count, except for what an author sends us itself: that link is
 * paced instead (its reading waits until the share refills), so a fast
 * honest author loses nothing and a flooding one only waits. Pure, as the
 * core it serves: every call takes `now`.
 */
import type {CoreEffect} from './core-types.js';
import type {MeshConfig} from './mesh-config.js';
import type {PeerKey} from './peer-key.js';
import {RateLimiter} from './rate-limit.js';

export class FairShares {
	readonly #announcementsPerLink: RateLimiter;
	readonly #announcementsPerAuthor: RateLimiter;
	/** Lines' bytes per author (`MeshConfig.relayShare`). */
	readonly #lines: RateLimiter;

	constructor(config: MeshConfig) {
		// Buckets for links beyond maxLinks are gone at link-down anyway.
		this.#announcementsPerLink = new RateLimiter(
			config.announcementsPerLink,
			config.maxLinks * 4,
		);
		this.#announcementsPerAuthor = new RateLimiter(
			config.announcementsPerAuthor,
			config.maxPeers,
		);
		this.#lines = new RateLimiter(config.relayShare, config.maxPeers);
	}

	/**
	 * A new announcement over the link to `from`, before its signature is
	 * checked: the link pays (its flood costs us the checks).
	 */
	linkMayAnnounce(from: PeerKey, now: number): boolean {
		return this.#announcementsPerLink.take(from, now);
	}

	/**
	 * A signed announcement of `origin`: the author pays only once the
	 * signature holds, so a forgery cannot spend an honest author's share.
	 */
	authorMayAnnounce(origin: PeerKey, now: number): boolean {
		return this.#announcementsPerAuthor.take(origin, now);
	}

	/**
	 * A new line of `author` (`bytes` of text) over the link to `from`: undefined when a relay
	 * brought it beyond the author's share (drop it); otherwise the effects
	 * to carry out, a `pace` of the link when the author itself sent it
	 * beyond its share.
	 */
	line(
		from: PeerKey,
		author: PeerKey,
		bytes: number,
		now: number,
	): CoreEffect[] | undefined {
		if (from !== author) {
			return this.#lines.take(author, now, bytes) ? [] : undefined;
		}

		const wait = this.#lines.spend(author, now, bytes);
		return wait > 0 ? [{type: 'pace', key: from, until: now + wait}] : [];
	}

	linkDown(key: PeerKey): void {
		this.#announcementsPerLink.forget(key);
	}
}
