/**
 * Mesh membership: which peers exist, which are reachable, and which to keep
 * links with. Each node keeps a few links (HyParView's active view, Leitão,
 * Pereira and Rodrigues, DSN 2007) and fills free slots from the peers it
 * knows. What it knows comes from announcements: every node floods a signed
 * list of its own links whenever they change, and hands a new link all the
 * announcements it holds (peer exchange). From those, `peer-graph.ts` works
 * out who is online and how far away, the way link-state routing does.
 *
 * Sans-IO: every method takes an event and `now` and returns effects (send,
 * dial, disconnect, timer); randomness and signing are injected, so the
 * simulator runs this exact code with thousands of nodes and no sockets.
 */
import {isLoopback} from './address.js';
import type {PeerKey} from './flood.js';
import {
	maxAnnouncedLegacy,
	maxAnnouncedLinks,
	sameAddress,
	type Announcement,
	type PeerAddress,
	type UnsignedAnnouncement,
} from './gossip-messages.js';
import {fromHex, toHex} from './link-choice.js';
import type {MeshConfig} from './mesh-config.js';
import {reachablePeers} from './peer-graph.js';
import {PeerBook, type PeerEntry} from './peer-book.js';

/** What membership asks its driver to do. */
export type MembershipEffect =
	| {
			readonly type: 'send-announcement';
			readonly to: PeerKey;
			readonly announcement: Announcement;
	  }
	| {
			readonly type: 'dial';
			readonly key: PeerKey;
			readonly address: PeerAddress;
	  }
	/** Close the link to `key` gracefully (what was sent still arrives). */
	| {
			readonly type: 'disconnect';
			readonly key: PeerKey;
			readonly reason: string;
	  }
	/** Call `tick` at `at`. */
	| {readonly type: 'timer'; readonly at: number}
	/** Who is known or reachable changed: redraw the peer list. */
	| {readonly type: 'peers-changed'};

/** One peer as the rest of the program sees it. */
export type PeerInfo = {
	readonly key: PeerKey;
	readonly nick: string;
	/** Where to dial it, as last reported. */
	readonly address: PeerAddress | undefined;
	/** Hops along the shortest path of links (1 = direct); undefined when unreachable. */
	readonly hops: number | undefined;
	/** It said goodbye. */
	readonly left: boolean;
	/** When its newest announcement arrived (what we last heard of it). */
	readonly heardAt: number;
};

export type MembershipOptions = {
	/** This node's key, hex. */
	readonly self: PeerKey;
	readonly nick: string;
	readonly config: MeshConfig;
	/** Signs this node's announcements (deterministic, so the simulator can fake it). */
	readonly sign: (unsigned: UnsignedAnnouncement) => Announcement;
	/** A draw in [0, 1): which peer to dial, backoff jitter. */
	readonly random: () => number;
};

type Link = {readonly address: PeerAddress; readonly since: number};

export class Membership {
	readonly #options: MembershipOptions;
	readonly #config: MeshConfig;
	readonly #book: PeerBook;
	readonly #links = new Map<PeerKey, Link>();
	readonly #dialing = new Set<PeerKey>();
	#nick: string;
	#legacy: readonly PeerAddress[] = [];
	#version = 0;
	#lastAnnounced = Number.NEGATIVE_INFINITY;
	/** Our links (or nick, or legacy hosts) changed since the last announcement. */
	#dirty = true;
	#own: Announcement | undefined;
	#reach: Map<PeerKey, number> | undefined;
	#local: Set<PeerKey> | undefined;
	#left = false;
	/** When the early tick asked for by a link change is due. */
	#soonAt: number | undefined;
	/** When the next regular tick (fill, heal, sweep, refresh) is due. */
	#nextTickAt = Number.NEGATIVE_INFINITY;
	/** Early ticks that may be had at once (see `#soon`). */
	#earlyTokens: number;
	/** When `#earlyTokens` was last topped up. */
	#earlyRefill = 0;

	constructor(options: MembershipOptions) {
		this.#options = options;
		this.#config = options.config;
		this.#nick = options.nick;
		this.#earlyTokens = options.config.announceBurst;
		this.#book = new PeerBook(
			options.self,
			options.config,
			(key) => this.#links.has(key) || this.#dialing.has(key),
		);
	}

	/** The numbers this membership runs by. */
	get config(): MeshConfig {
		return this.#config;
	}

	/** Keys of the peers this node holds a link with. */
	get links(): readonly PeerKey[] {
		return [...this.#links.keys()];
	}

	isLinked(key: PeerKey): boolean {
		return this.#links.has(key);
	}

	/** Whether a dial to `key` is under way (asked for, not yet settled). */
	isDialing(key: PeerKey): boolean {
		return this.#dialing.has(key);
	}

	/** Whether `key` runs on this machine, as far as loopback links tell. */
	isLocal(key: PeerKey): boolean {
		return this.#localPeers().has(key);
	}

	/** Whether `key`'s newest announcement was a goodbye. */
	hasLeft(key: PeerKey): boolean {
		return this.#book.hasLeft(key);
	}

	/** Peer -> hops, for every peer reachable now. */
	reachable(): ReadonlyMap<PeerKey, number> {
		if (this.#reach) return this.#reach;
		this.#reach = reachablePeers(
			this.#options.self,
			this.#links.keys(),
			this.#book.announced(),
		);
		for (const key of this.#reach.keys()) this.#book.reached(key);
		return this.#reach;
	}

	/**
	 * Whether `key` was learned lately and has not been reachable yet: a
	 * peer just joining, whose link counts once both ends have announced it
	 * (`joinGraceMs`). Shown as connecting, not offline.
	 */
	isJoining(key: PeerKey, now: number): boolean {
		const entry = this.#book.get(key);
		return (
			entry !== undefined &&
			!entry.everReachable &&
			now - entry.learnedAt < this.#config.joinGraceMs
		);
	}

	/** Every announced peer, in the order they were learned. */
	peers(): PeerInfo[] {
		const reach = this.reachable();
		return this.#book.list().flatMap((entry) =>
			entry.announcement
				? [
						{
							key: entry.key,
							nick: entry.announcement.nick,
							address: entry.addresses[0],
							hops: reach.get(entry.key),
							left: entry.announcement.leaving,
							heardAt: entry.heardAt,
						},
					]
				: [],
		);
	}

	/**
	 * Whether this node passes mesh messages to the legacy host at `address`:
	 * of all reachable nodes that announce it, the one with the smallest key
	 * does, so the host gets each line once. A loopback address names the
	 * same host only for nodes on this machine (`#localPeers`); elsewhere
	 * `127.0.0.1:1248` is somebody else's seed. When unsure, serve: a
	 * legacy host shown a line twice is better off than one never shown it.
	 */
	bridges(address: PeerAddress): boolean {
		const reach = this.reachable();
		const onThisMachine = isLoopback(address.ip)
			? this.#localPeers()
			: undefined;
		for (const entry of this.#book.list()) {
			const {announcement} = entry;
			if (
				announcement &&
				entry.key < this.#options.self &&
				reach.has(entry.key) &&
				(!onThisMachine || onThisMachine.has(entry.key)) &&
				announcement.legacy.some((item) => sameAddress(item, address))
			) {
				return false;
			}
		}

		return true;
	}

	/** The latest announcements of others, newest first (for the peer exchange). */
	announcements(): Announcement[] {
		return this.#book.recent(this.#config.exchangeLimit);
	}

	/**
	 * Whether `announcement` would change anything here. Flooding brings
	 * each one over several links; the driver checks this before paying for
	 * a signature check, which `receive` then assumes was done.
	 */
	isNews(announcement: Announcement): boolean {
		const origin = toHex(announcement.origin);
		if (origin === this.#options.self) {
			return announcement.version > this.#version;
		}

		return this.#book.isNewer(origin, announcement.version);
	}

	start(now: number): MembershipEffect[] {
		return [{type: 'timer', at: now}];
	}

	setNick(nick: string): MembershipEffect[] {
		this.#nick = nick;
		this.#dirty = true;
		return [];
	}

	/** The legacy hosts this node knows directly changed. */
	setLegacy(hosts: readonly PeerAddress[]): MembershipEffect[] {
		this.#legacy = hosts.slice(0, maxAnnouncedLegacy);
		this.#dirty = true;
		return [];
	}

	linkUp(key: PeerKey, address: PeerAddress, now: number): MembershipEffect[] {
		this.#dialing.delete(key);
		if (key === this.#options.self || this.#links.has(key) || this.#left) {
			return [];
		}

		this.#book.attest(key, address, now);
		if (this.#links.size >= this.#config.maxLinks) {
			// Full: the peer still learns everyone we know, and dials them instead.
			const own = this.#own ? [this.#own] : [];
			return [
				...this.#exchange(key, own),
				{type: 'disconnect', key, reason: 'the peer has no free link slots'},
			];
		}

		this.#links.set(key, {address, since: now});
		this.#graphChanged();
		this.#dirty = true;
		// Our announcement naming this link follows shortly (`#soon`).
		const own = this.#own ? [this.#own] : [];
		return [
			...this.#exchange(key, own),
			{type: 'peers-changed'},
			...this.#soon(now),
		];
	}

	linkDown(key: PeerKey, now: number): MembershipEffect[] {
		this.#dialing.delete(key);
		const link = this.#links.get(key);
		if (!link) return [];
		this.#links.delete(key);
		this.#graphChanged();
		const stable = now - link.since >= this.#config.stableLinkMs;
		this.#book.failed(key, now, this.#options.random(), stable);
		this.#dirty = true;
		return [{type: 'peers-changed'}, ...this.#soon(now)];
	}

	dialFailed(key: PeerKey, now: number): MembershipEffect[] {
		this.#dialing.delete(key);
		this.#book.failed(key, now, this.#options.random(), false);
		return [];
	}

	/** A verified announcement from the link to `from`. */
	receive(
		from: PeerKey,
		announcement: Announcement,
		now: number,
	): MembershipEffect[] {
		const origin = toHex(announcement.origin);
		if (origin === this.#options.self) {
			// A copy of our own, from before a restart: ours must supersede it.
			if (announcement.version <= this.#version || this.#left) return [];
			this.#version = announcement.version;
			this.#dirty = true;
			return [];
		}

		if (!this.#book.store(origin, announcement, now, from === origin)) {
			return [];
		}

		this.#graphChanged();
		return [...this.#sendToLinks(announcement, from), {type: 'peers-changed'}];
	}

	tick(now: number): MembershipEffect[] {
		this.#soonAt = undefined;
		if (this.#left) return [];
		// (A `#nextTickAt` more than a tick away means the clock went back:
		// then this is a regular tick, or filling and healing would wait for
		// the clock to catch up.)
		if (
			now < this.#nextTickAt &&
			this.#nextTickAt - now <= this.#config.tickMs
		) {
			// The early tick of `#soon`: only the announcement. Dialing and
			// healing keep their pace; run more often while links churn, they
			// dialed far more (100 simulated nodes: 7.5 links each, not 6.6,
			// and convergence 4.8 s, not 1 s).
			return [
				...(this.#dirty ? this.#announce(now) : []),
				{type: 'timer', at: this.#nextTickAt},
			];
		}

		this.#nextTickAt = now + this.#config.tickMs;
		const reach = this.reachable();
		const forgotten = this.#book.sweep(now, reach, this.#links);
		if (forgotten) this.#graphChanged();
		const effects: MembershipEffect[] = [...this.#fill(now, reach)];
		// Changes are announced once per tick (or early tick, `#soon`): a
		// burst of link changes (joining, healing) costs one flood, not one
		// per change.
		if (this.#dirty || now - this.#lastAnnounced >= this.#config.refreshMs) {
			effects.push(...this.#announce(now));
		}

		if (forgotten) effects.push({type: 'peers-changed'});
		effects.push({type: 'timer', at: this.#nextTickAt});
		return effects;
	}

	/** Say goodbye on every link; the driver closes them afterwards. */
	leave(now: number): MembershipEffect[] {
		if (this.#left) return [];
		this.#left = true;
		this.#version = Math.max(this.#version + 1, now);
		const bye = this.#options.sign({
			origin: fromHex(this.#options.self),
			version: this.#version,
			nick: this.#nick,
			leaving: true,
			links: [],
			legacy: [],
		});
		return this.#sendToLinks(bye, undefined);
	}

	/**
	 * Dial peers into free slots: online peers with room first (their
	 * announcements say how many links they hold), anyone known when this
	 * node has no link at all. Then heal a split: dial one peer that has been
	 * unreachable a while, while a slot is left under `maxLinks`.
	 */
	#fill(now: number, reach: ReadonlyMap<PeerKey, number>): MembershipEffect[] {
		const effects: MembershipEffect[] = [];
		const eligible = this.#book.dialable(now, this.#links, this.#dialing);
		const hasRoom = (entry: PeerEntry) =>
			entry.announcement!.links.length < this.#config.maxLinks;
		const online = eligible.filter((entry) => reach.has(entry.key));
		const pools = [
			online.filter((entry) => hasRoom(entry)),
			online.filter((entry) => !hasRoom(entry)),
		];
		if (this.#links.size === 0)
			pools.push(eligible.filter((entry) => !reach.has(entry.key)));
		let free = this.#config.activeLinks - this.#links.size - this.#dialing.size;
		for (const pool of pools) {
			while (free > 0 && pool.length > 0) {
				effects.push(this.#dial(takeRandom(pool, this.#options.random)));
				free--;
			}
		}

		const cut = eligible.filter(
			(entry) =>
				!reach.has(entry.key) &&
				!this.#dialing.has(entry.key) &&
				entry.unreachableSince !== undefined &&
				now - entry.unreachableSince >= this.#config.healAfterMs,
		);
		if (
			this.#dialing.size === 0 &&
			this.#links.size < this.#config.maxLinks &&
			cut.length > 0
		) {
			effects.push(this.#dial(takeRandom(cut, this.#options.random)));
		}

		return effects;
	}

	/**
	 * Ask for an early tick `announceDelayMs` from now, unless one is due by
	 * then. The driver keeps one timer, so this replaces the regular one,
	 * which the early tick sets again.
	 */
	#soon(now: number): MembershipEffect[] {
		if (this.#left || this.#soonAt !== undefined) return [];
		// A token bucket: a burst of early ticks while joining (a few links
		// come up in a row), then one per tick's length, so a peer that links
		// and drops again and again cannot make us flood the mesh faster.
		const {tickMs, announceBurst, announceDelayMs} = this.#config;
		// A clock that went back would stop the refill until it caught up.
		// (Borrowing below sets the refill up to a tick ahead, no further.)
		if (now < this.#earlyRefill - tickMs) {
			this.#earlyRefill = now;
			this.#earlyTokens = announceBurst;
		}

		const earned = Math.floor((now - this.#earlyRefill) / tickMs);
		if (earned > 0) {
			this.#earlyTokens = Math.min(announceBurst, this.#earlyTokens + earned);
			this.#earlyRefill =
				this.#earlyTokens === announceBurst
					? now
					: this.#earlyRefill + earned * tickMs;
		}

		const at =
			this.#earlyTokens >= 1
				? now + announceDelayMs
				: Math.max(now + announceDelayMs, this.#earlyRefill + tickMs);
		// The regular tick comes first anyway (and announces).
		if (at >= this.#nextTickAt) return [];
		if (this.#earlyTokens >= 1) this.#earlyTokens--;
		else this.#earlyRefill += tickMs;
		this.#soonAt = at;
		return [{type: 'timer', at}];
	}

	/**
	 * Peers on this machine: linked to us over loopback, or to one of them
	 * (as the side that linked saw it). Only such links say so; an address
	 * anyone else reports is where they see the peer, from their machine.
	 */
	#localPeers(): ReadonlySet<PeerKey> {
		if (this.#local) return this.#local;
		const local = new Set<PeerKey>();
		const frontier: PeerKey[] = [];
		for (const [key, link] of this.#links) {
			if (isLoopback(link.address.ip)) {
				local.add(key);
				frontier.push(key);
			}
		}

		const held = new Map(
			this.#book
				.list()
				.flatMap((entry) =>
					entry.announcement ? [[entry.key, entry.announcement] as const] : [],
				),
		);
		while (frontier.length > 0) {
			for (const link of held.get(frontier.pop()!)?.links ?? []) {
				const key = toHex(link.key);
				if (key === this.#options.self || local.has(key)) continue;
				if (!isLoopback(link.ip)) continue;
				local.add(key);
				frontier.push(key);
			}
		}

		this.#local = local;
		return local;
	}

	/** Links or announcements changed: what was worked out from them is stale. */
	#graphChanged(): void {
		this.#reach = undefined;
		this.#local = undefined;
	}

	#dial(entry: PeerEntry): MembershipEffect {
		this.#dialing.add(entry.key);
		return {type: 'dial', key: entry.key, address: entry.addresses[0]!};
	}

	/**
	 * What a new link is told: who we are now, and whom we know, its own
	 * announcement included: a peer restarted with a clock that went back
	 * learns it must announce past the version the network still holds.
	 */
	#exchange(key: PeerKey, first: Announcement[]): MembershipEffect[] {
		const known = this.announcements();
		return [...first, ...known].map((announcement) => ({
			type: 'send-announcement',
			to: key,
			announcement,
		}));
	}

	#announce(now: number): MembershipEffect[] {
		if (this.#left) return [];
		this.#version = Math.max(this.#version + 1, now);
		this.#lastAnnounced = now;
		this.#dirty = false;
		const links = [...this.#links].slice(0, maxAnnouncedLinks);
		this.#own = this.#options.sign({
			origin: fromHex(this.#options.self),
			version: this.#version,
			nick: this.#nick,
			leaving: false,
			links: links.map(([key, link]) => ({key: fromHex(key), ...link.address})),
			legacy: this.#legacy,
		});
		return this.#sendToLinks(this.#own, undefined);
	}

	#sendToLinks(
		announcement: Announcement,
		except: PeerKey | undefined,
	): MembershipEffect[] {
		const effects: MembershipEffect[] = [];
		for (const to of this.#links.keys()) {
			if (to !== except)
				effects.push({type: 'send-announcement', to, announcement});
		}

		return effects;
	}
}

function takeRandom<T>(items: T[], random: () => number): T {
	const index = Math.min(items.length - 1, Math.floor(random() * items.length));
	return items.splice(index, 1)[0]!;
}

export {type AnnouncedState} from './peer-graph.js';
