/**
 * This node's own announcement: what it says about itself (nick, links,
 * legacy hosts), signed, with a version that grows with every announcement
 * and across restarts (it starts from the clock). Membership decides when to
 * announce; this keeps what and which version. Pure: `now` and signing come
 * from the caller.
 */
import type {PeerKey} from './flood.js';
import {
	maxAnnouncedLegacy,
	maxAnnouncedLinks,
	type Announcement,
	type PeerAddress,
	type UnsignedAnnouncement,
} from './gossip-messages.js';
import {keyBytes} from './peer-key.js';

export class OwnAnnouncement {
	readonly #self: PeerKey;
	readonly #sign: (unsigned: UnsignedAnnouncement) => Announcement;
	#nick: string;
	#legacy: readonly PeerAddress[] = [];
	#version = 0;
	#lastAnnounced = Number.NEGATIVE_INFINITY;
	/** Links (or nick, or legacy hosts) changed since the last announcement. */
	#dirty = true;
	#latest: Announcement | undefined;

	constructor(
		self: PeerKey,
		nick: string,
		sign: (unsigned: UnsignedAnnouncement) => Announcement,
	) {
		this.#self = self;
		this.#nick = nick;
		this.#sign = sign;
	}

	/** The last one made, if any (a new link is handed it first). */
	get latest(): Announcement | undefined {
		return this.#latest;
	}

	/** Something it says changed: announce at the next chance. */
	get dirty(): boolean {
		return this.#dirty;
	}

	changed(): void {
		this.#dirty = true;
	}

	setNick(nick: string): void {
		this.#nick = nick;
		this.#dirty = true;
	}

	setLegacy(hosts: readonly PeerAddress[]): void {
		this.#legacy = hosts.slice(0, maxAnnouncedLegacy);
		this.#dirty = true;
	}

	/** Whether a copy of ours at `version` is newer than the last we made. */
	isNews(version: number): boolean {
		return version > this.#version;
	}

	/** A copy of ours from before a restart: the next must supersede it. */
	outdatedBy(version: number): void {
		if (version <= this.#version) return;
		this.#version = version;
		this.#dirty = true;
	}

	/** Whether to announce at `now`: something changed, or it is time to refresh. */
	due(now: number, refreshMs: number): boolean {
		return this.#dirty || now - this.#lastAnnounced >= refreshMs;
	}

	/** Sign what we say now, listing `links` (key, and where we see it listen). */
	make(
		now: number,
		links: Iterable<readonly [PeerKey, PeerAddress]>,
	): Announcement {
		this.#lastAnnounced = now;
		this.#dirty = false;
		this.#latest = this.#signed(now, false, [...links], this.#legacy);
		return this.#latest;
	}

	/** Sign a goodbye: leaving, with no links. */
	goodbye(now: number): Announcement {
		return this.#signed(now, true, [], []);
	}

	#signed(
		now: number,
		leaving: boolean,
		links: ReadonlyArray<readonly [PeerKey, PeerAddress]>,
		legacy: readonly PeerAddress[],
	): Announcement {
		this.#version = Math.max(this.#version + 1, now);
		return this.#sign({
			origin: keyBytes(this.#self),
			version: this.#version,
			nick: this.#nick,
			leaving,
			links: links
				.slice(0, maxAnnouncedLinks)
				.map(([key, address]) => ({key: keyBytes(key), ...address})),
			legacy,
		});
	}
}
