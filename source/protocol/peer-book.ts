/**
 * Everything membership remembers about other peers: each one's newest
 * announcement, the addresses others saw it at, and when it may be dialed
 * again (capped exponential backoff with jitter, `backoff.ts`). Bounded by
 * `maxPeers`; peers unreachable for `forgetAfterMs` are forgotten. Pure.
 */
import {backoffDelay} from './backoff.js';
import {ForgottenPeers} from './forgotten-peers.js';
import type {PeerKey} from './flood.js';
import {
	sameAddress,
	saysTheSame,
	type Announcement,
	type PeerAddress,
} from './gossip-messages.js';
import {peerKeyOf} from './peer-key.js';
import type {MeshConfig} from './mesh-config.js';
import type {PeerInfo} from './membership-types.js';
import type {AnnouncedState} from './peer-graph.js';

/** One remembered peer. Mutable, and private to membership. */
export type PeerEntry = {
	readonly key: PeerKey;
	/** Its newest announcement, once one arrived. */
	announcement: Announcement | undefined;
	/** When we last heard of it (an announcement or an address). */
	heardAt: number;
	/** Most recently reported first. */
	addresses: PeerAddress[];
	/** Failed dials or short-lived links in a row. */
	failures: number;
	/** No dial before this time. */
	retryAt: number;
	/** Since when it has been announced but unreachable. */
	unreachableSince: number | undefined;
	/** When it was first heard of. */
	readonly learnedAt: number;
	/** It has been reachable at some point since (it is not just joining). */
	everReachable: boolean;
	/** The link whose announcement first told of it (none: it told us itself). */
	introducedBy: PeerKey | undefined;
	/** The nick in its HELLO, from our last link with it. */
	helloNick: string | undefined;
	/** How `describe` lists it, kept until it or its reach changes. */
	described: PeerInfo | undefined;
};

/**
 * What storing an announcement did: nothing (old, or no room), only
 * refreshed what was held (the same links, nick and hosts, a newer
 * version), or changed what the node says.
 */
export type StoreOutcome = 'dropped' | 'refreshed' | 'changed';

/** What the book tells its owner as it changes. */
export type BookHooks = {
	/** What `key` announces (for the reachability graph) changed; none: forgotten. */
	readonly announced: (key: PeerKey, state: AnnouncedState | undefined) => void;
	/**
	 * What the peer list tells of `key` changed beyond when it was heard
	 * of: it is new or forgotten, or its nick, goodbye or a new address.
	 */
	readonly touched: (key: PeerKey) => void;
};

const noHooks: BookHooks = {announced: ignore, touched: ignore};

export class PeerBook {
	readonly #self: PeerKey;
	readonly #config: MeshConfig;
	readonly #entries = new Map<PeerKey, PeerEntry>();
	/** Announced peers as the reachability search needs them. */
	readonly #announced = new Map<PeerKey, AnnouncedState>();
	readonly #forgotten: ForgottenPeers;
	/** Per link: peers it introduced that were never reachable (`mayIntroduce`). */
	readonly #unconfirmed = new Map<PeerKey, number>();

	/** Keys never evicted to make room (our links, and dials under way). */
	readonly #pinned: (key: PeerKey) => boolean;
	readonly #hooks: BookHooks;
	#revision = 0;

	constructor(
		self: PeerKey,
		config: MeshConfig,
		pinned: (key: PeerKey) => boolean = () => false,
		hooks: BookHooks = noHooks,
	) {
		this.#self = self;
		this.#config = config;
		this.#pinned = pinned;
		this.#hooks = hooks;
		this.#forgotten = new ForgottenPeers(config.forgetAfterMs, config.maxPeers);
	}

	/** Grows with every change to what `describe` tells (its callers keep what it made until then). */
	get revision(): number {
		return this.#revision;
	}

	announced(): ReadonlyMap<PeerKey, AnnouncedState> {
		return this.#announced;
	}

	list(): PeerEntry[] {
		return [...this.#entries.values()];
	}

	/**
	 * Someone saw `key` listening at `address`. True if that address is new
	 * for it (peers seen at two addresses by two neighbours swap which is
	 * first at each refresh: that is no news).
	 */
	attest(key: PeerKey, address: PeerAddress, now: number): boolean {
		const entry = this.#entry(key, now);
		if (!entry) return false;
		this.#revision++;
		entry.described = undefined;
		entry.heardAt = Math.max(entry.heardAt, now);
		const [first] = entry.addresses;
		if (first && sameAddress(first, address)) return false;
		const others = entry.addresses.filter(
			(item) => !sameAddress(item, address),
		);
		const known = others.length < entry.addresses.length;
		entry.addresses = [address, ...others].slice(0, this.#config.maxAddresses);
		if (!known) this.#hooks.touched(key);
		return !known;
	}

	/** Whether an announcement of `origin` at `version` would be newer than what we hold. */
	isNewer(origin: PeerKey, version: number): boolean {
		const held = this.#entries.get(origin)?.announcement;
		return held === undefined || held.version < version;
	}

	/**
	 * Keep `announcement` if it is newer than what we hold; false if not
	 * kept. `direct`: it came from its origin itself, which is alive, so no
	 * copy of what we forgot (a peer whose clock went back is taken at its
	 * word).
	 */
	store(
		origin: PeerKey,
		announcement: Announcement,
		now: number,
		from: PeerKey,
	): StoreOutcome {
		const direct = from === origin;
		if (!direct && this.#forgotten.isStale(origin, announcement.version, now)) {
			return 'dropped';
		}

		const entry = this.#entry(origin, now) ?? this.#evictFor(origin, now);
		if (
			!entry ||
			(entry.announcement && entry.announcement.version >= announcement.version)
		) {
			return 'dropped';
		}

		this.#revision++;
		entry.described = undefined;
		const before = entry.announcement;
		if (!before && !direct) {
			entry.introducedBy = from;
			this.#unconfirmed.set(from, (this.#unconfirmed.get(from) ?? 0) + 1);
		}

		entry.announcement = announcement;
		entry.heardAt = now;
		const same = before !== undefined && saysTheSame(before, announcement);
		let moved = false;
		const named = new Set<PeerKey>([this.#self]);
		for (const link of announcement.links) {
			const key = peerKeyOf(link.key);
			// One address per peer per announcement: a list naming one key 32
			// times must not push out every address others reported for it.
			if (!named.has(key)) moved = this.attest(key, link, now) || moved;
			named.add(key);
		}

		if (same && moved) this.#hooks.touched(origin);
		if (same) return moved ? 'changed' : 'refreshed';
		const state = {
			links: announcement.links.map((link) => peerKeyOf(link.key)),
			leaving: announcement.leaving,
		};
		this.#announced.set(origin, state);
		this.#hooks.announced(origin, state);
		this.#hooks.touched(origin);
		return 'changed';
	}

	/**
	 * Whether the link to `from` may bring the first announcement of
	 * `origin`. Once the book is half full, one link may have introduced at
	 * most `maxUnconfirmedPerLink` peers that were never reachable (whose
	 * links no other end confirms): made-up peers cost an attacker nothing,
	 * and must not fill the book that honest peers need.
	 */
	mayIntroduce(origin: PeerKey, from: PeerKey): boolean {
		if (origin === from || this.#entries.get(origin)?.announcement) {
			return true;
		}

		if (!this.isHalfFull()) return true;
		// Counted as they come and go (not a walk of the book per announcement).
		const unconfirmed = this.#unconfirmed.get(from) ?? 0;
		return unconfirmed < this.#config.maxUnconfirmedPerLink;
	}

	/** Whether the book holds half its `maxPeers` or more. */
	isHalfFull(): boolean {
		return this.#entries.size * 2 >= this.#config.maxPeers;
	}

	/** A dial failed, or a link ended (`stable`: after lasting a while). */
	failed(key: PeerKey, now: number, random: number, stable: boolean): void {
		const entry = this.#entries.get(key);
		if (!entry) return;
		entry.failures = stable ? 1 : entry.failures + 1;
		entry.retryAt =
			now + backoffDelay(entry.failures, this.#config.backoff, random);
		// Try the next address first, in case the first one is the wrong one.
		if (!stable && entry.addresses.length > 1) {
			entry.addresses.push(entry.addresses.shift()!);
			entry.described = undefined;
			this.#revision++;
		}
	}

	/** Whether `key` was learned lately and has not been reachable since. */
	isJoining(key: PeerKey, now: number): boolean {
		const entry = this.#entries.get(key);
		return (
			entry !== undefined &&
			!entry.everReachable &&
			now - entry.learnedAt < this.#config.joinGraceMs
		);
	}

	/** A link with `key` came up, its HELLO naming it `nick`. */
	greeted(key: PeerKey, nick: string): void {
		const entry = this.#entries.get(key);
		if (entry) {
			entry.helloNick = nick;
			entry.described = undefined;
		}

		this.#revision++;
		this.#hooks.touched(key);
	}

	/**
	 * Every peer that announced itself or linked with us, as the rest of the
	 * program sees it, in the order learned. Its nick is its newest
	 * announcement's, or its HELLO's until one arrives.
	 */
	describe(reach: ReadonlyMap<PeerKey, number>): PeerInfo[] {
		const described: PeerInfo[] = [];
		for (const entry of this.#entries.values()) {
			entry.described ??= describeEntry(entry, reach);
			if (entry.described) described.push(entry.described);
		}

		return described;
	}

	/** `key`'s reach changed: how it is listed is made anew. */
	moved(key: PeerKey): void {
		const entry = this.#entries.get(key);
		if (entry) entry.described = undefined;
		this.#revision++;
	}

	/** One peer as `describe` lists it; none if it is not listed. */
	describeOne(
		key: PeerKey,
		reach: ReadonlyMap<PeerKey, number>,
	): PeerInfo | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		entry.described ??= describeEntry(entry, reach);
		return entry.described;
	}

	/** `key` is reachable now. */
	reached(key: PeerKey): void {
		const entry = this.#entries.get(key);
		if (!entry || entry.everReachable) return;
		entry.everReachable = true;
		this.#confirmed(entry);
	}

	get(key: PeerKey): Readonly<PeerEntry> | undefined {
		return this.#entries.get(key);
	}

	/** Whether `key` said goodbye in its newest announcement. */
	hasLeft(key: PeerKey): boolean {
		return this.#announced.get(key)?.leaving ?? false;
	}

	/** Announcements of others, most recently heard first. */
	recent(limit: number): Announcement[] {
		return this.list()
			.filter((entry) => entry.announcement !== undefined)
			.toSorted((a, b) => b.heardAt - a.heardAt)
			.slice(0, limit)
			.map((entry) => entry.announcement!);
	}

	/** Peers that may be dialed now: announced, present, not in backoff, not linked. */
	dialable(
		now: number,
		links: ReadonlyMap<PeerKey, unknown>,
		dialing: ReadonlySet<PeerKey>,
	): PeerEntry[] {
		return this.list().filter(
			(entry) =>
				entry.announcement !== undefined &&
				!entry.announcement.leaving &&
				entry.addresses.length > 0 &&
				entry.retryAt <= now &&
				!links.has(entry.key) &&
				!dialing.has(entry.key),
		);
	}

	/**
	 * Track since when each peer is unreachable, and forget those gone for
	 * `forgetAfterMs`. True if any was forgotten.
	 */
	sweep(
		now: number,
		reach: ReadonlyMap<PeerKey, number>,
		links: ReadonlyMap<PeerKey, unknown>,
	): boolean {
		let forgot = false;
		for (const entry of this.#entries.values()) {
			if (reach.has(entry.key) || links.has(entry.key)) {
				entry.unreachableSince = undefined;
				continue;
			}

			entry.unreachableSince ??= now;
			if (now - entry.heardAt > this.#config.forgetAfterMs) {
				this.#forget(entry, now);
				forgot = true;
			}
		}

		this.#forgotten.sweep(now);

		return forgot;
	}

	#forget(entry: PeerEntry, now: number): void {
		this.#revision++;
		this.#entries.delete(entry.key);
		if (!entry.everReachable) this.#confirmed(entry);
		if (this.#announced.delete(entry.key)) {
			this.#hooks.announced(entry.key, undefined);
		}

		this.#hooks.touched(entry.key);
		if (entry.announcement) {
			this.#forgotten.add(entry.key, entry.announcement.version, now);
		}
	}

	/** `entry` no longer counts against the link that introduced it. */
	#confirmed(entry: PeerEntry): void {
		const by = entry.introducedBy;
		if (by === undefined) return;
		const count = (this.#unconfirmed.get(by) ?? 0) - 1;
		if (count > 0) this.#unconfirmed.set(by, count);
		else this.#unconfirmed.delete(by);
	}

	/**
	 * A full book makes room for a peer that announced itself by dropping
	 * the peer heard of longest ago that never announced (only named in
	 * others' link lists; cheap for anyone to invent, and learned again from
	 * the next announcement that names it).
	 */
	#evictFor(key: PeerKey, now: number): PeerEntry | undefined {
		let oldest: PeerEntry | undefined;
		for (const entry of this.#entries.values()) {
			if (
				!entry.announcement &&
				!this.#pinned(entry.key) &&
				(oldest === undefined || entry.heardAt < oldest.heardAt)
			) {
				oldest = entry;
			}
		}

		if (!oldest) return undefined;
		this.#revision++;
		this.#entries.delete(oldest.key);
		this.#hooks.touched(oldest.key);
		return this.#entry(key, now);
	}

	#entry(key: PeerKey, now: number): PeerEntry | undefined {
		let entry = this.#entries.get(key);
		if (!entry && this.#entries.size < this.#config.maxPeers) {
			entry = {
				key,
				announcement: undefined,
				heardAt: now,
				addresses: [],
				failures: 0,
				retryAt: 0,
				unreachableSince: undefined,
				learnedAt: now,
				everReachable: false,
				introducedBy: undefined,
				helloNick: undefined,
				described: undefined,
			};
			this.#entries.set(key, entry);
			this.#revision++;
		}

		return entry;
	}
}

function describeEntry(
	entry: PeerEntry,
	reach: ReadonlyMap<PeerKey, number>,
): PeerInfo | undefined {
	const nick = entry.announcement?.nick ?? entry.helloNick;
	if (nick === undefined) return undefined;
	return {
		key: entry.key,
		nick,
		address: entry.addresses[0],
		hops: reach.get(entry.key),
		left: entry.announcement?.leaving ?? false,
		heardAt: entry.heardAt,
	};
}

function ignore(): void {
	// Nobody asked to be told.
}
