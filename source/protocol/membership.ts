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
 *
 * Its parts: `peer-book.ts` (what is known of others), `own-announcement.ts`
 * (what this node says), `tick-schedule.ts` (when it wakes), `dial-choice.ts`
 * (whom to dial), `legacy-serving.ts` (which legacy hosts it serves).
 */
import type {PeerKey} from './flood.js';
import {
	digestOf,
	expandDigest,
	sameAddress,
	saysTheSame,
	type Announcement,
	type AnnouncementDigest,
	type PeerAddress,
} from './gossip-messages.js';
import {peerKeyOf} from './peer-key.js';
import type {MeshConfig} from './mesh-config.js';
import {localPeers} from './peer-graph.js';
import {Reachability} from './reachability.js';
import {ChangeJournal, type PeerChanges} from './change-journal.js';
import {DialBudget} from './dial-budget.js';
import {chooseDials} from './dial-choice.js';
import {servesLegacy} from './legacy-serving.js';
import type {
	MembershipEffect,
	MembershipOptions,
	PeerInfo,
	RememberedPeer,
} from './membership-types.js';
import {OwnAnnouncement} from './own-announcement.js';
import {PeerBook} from './peer-book.js';
import {TickSchedule} from './tick-schedule.js';
import {RejoinCandidates, rememberedPeers} from './rejoin.js';

export type {
	MembershipEffect,
	MembershipOptions,
	PeerInfo,
} from './membership-types.js';

type Link = {readonly address: PeerAddress; readonly since: number};

export class Membership {
	readonly #options: MembershipOptions;
	readonly #config: MeshConfig;
	readonly #book: PeerBook;
	readonly #links = new Map<PeerKey, Link>();
	readonly #dialing = new Set<PeerKey>();
	/** Links whose peer reads digests (it said so in FEATURES). */
	readonly #digests = new Set<PeerKey>();
	/** Peers to dial while no link is up, after a restart (`rejoin.ts`). */
	readonly #rejoin = new RejoinCandidates();
	readonly #own: OwnAnnouncement;
	/** Who is reachable, kept up to date change by change (`reachability.ts`). */
	readonly #graph: Reachability;
	/** Which peers changed, for readers of `peerChangesSince`. */
	readonly #journal = new ChangeJournal();
	/** What `peers()` last made, and the state it was made from. */
	#described: {stamp: string; peers: readonly PeerInfo[]} | undefined;
	#local: Set<PeerKey> | undefined;
	#left = false;
	/** No tick is due: nothing to dial, heal, sweep or announce to (`#wake`). */
	#asleep = false;
	readonly #schedule: TickSchedule;
	readonly #budget = new DialBudget();

	constructor(options: MembershipOptions) {
		this.#options = options;
		this.#config = options.config;
		this.#own = new OwnAnnouncement(options.self, options.nick, options.sign);
		this.#schedule = new TickSchedule(options.config);
		const touched = (key: PeerKey) => {
			this.#journal.add(key);
		};

		this.#graph = new Reachability(
			options.self,
			(key) => {
				this.#book.reached(key);
			},
			(key) => {
				this.#book.moved(key);
				this.#journal.add(key);
			},
		);
		this.#book = new PeerBook(
			options.self,
			options.config,
			(key) => this.#links.has(key) || this.#dialing.has(key),
			{
				announced: (key, state) => {
					this.#graph.announce(key, state?.leaving ? undefined : state?.links);
				},
				touched,
			},
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

	/**
	 * A peer that is reachable now and is known at `address` (where it was
	 * seen to listen), if any: native peers never send plain text, so a
	 * plain line "from" there is someone using its address.
	 */
	onlineAt(address: PeerAddress): PeerKey | undefined {
		for (const key of this.reachable().keys()) {
			const entry = this.#book.get(key);
			if (entry?.addresses.some((known) => sameAddress(known, address))) {
				return key;
			}
		}

		return undefined;
	}

	/**
	 * A peer known at `address` (as where it was seen to listen), online or
	 * not, if any; one that is reachable now first.
	 */
	knownAt(address: PeerAddress): PeerKey | undefined {
		const online = this.onlineAt(address);
		if (online !== undefined) return online;
		for (const entry of this.#book.list()) {
			if (entry.addresses.some((known) => sameAddress(known, address))) {
				return entry.key;
			}
		}

		return undefined;
	}

	/** Where `key` was last seen to listen, if anyone said. */
	addressOf(key: PeerKey): PeerAddress | undefined {
		return this.#book.get(key)?.addresses[0];
	}

	/** Whether `key`'s newest announcement was a goodbye. */
	hasLeft(key: PeerKey): boolean {
		return this.#book.hasLeft(key);
	}

	/**
	 * The links `key`'s newest announcement lists, as it says them (one
	 * counts only when both ends list it: `reachable`); none if unheard.
	 */
	announcedLinks(key: PeerKey): readonly PeerKey[] {
		return this.#book.announced().get(key)?.links ?? [];
	}

	/** Peer -> hops, for every peer reachable now. */
	reachable(): ReadonlyMap<PeerKey, number> {
		return this.#graph.hops;
	}

	/** Peers the reachability updates have looked at so far (their cost, for tests and benchmarks). */
	get reachabilityVisits(): number {
		return this.#graph.visits;
	}

	/**
	 * Whether `key` was learned lately and has not been reachable yet: a
	 * peer just joining, whose link counts once both ends have announced it
	 * (`joinGraceMs`). Shown as connecting, not offline.
	 */
	isJoining(key: PeerKey, now: number): boolean {
		return this.#book.isJoining(key, now);
	}

	/**
	 * Every announced peer, in the order they were learned; the same list
	 * until a peer or its reach changes (the service reads it often).
	 */
	peers(): readonly PeerInfo[] {
		const stamp = `${this.#book.revision}/${this.#graph.changes}`;
		if (this.#described?.stamp !== stamp) {
			this.#described = {stamp, peers: this.#book.describe(this.reachable())};
		}

		return this.#described.peers;
	}

	/** One peer as `peers()` lists it; none if it is not listed. */
	peer(key: PeerKey): PeerInfo | undefined {
		return this.#book.describeOne(key, this.reachable());
	}

	/**
	 * The peers whose listing changed since `cursor` (nick, address, reach,
	 * goodbye, forgotten), so a reader looks at those instead of every
	 * peer; none (a first read): all.
	 */
	peerChangesSince(cursor: number | undefined): PeerChanges {
		return this.#journal.since(cursor);
	}

	/** Whether this node passes mesh lines to the legacy host at `address` (`legacy-serving.ts`). */
	bridges(address: PeerAddress): boolean {
		return servesLegacy({
			self: this.#options.self,
			address,
			peers: this.#book.list(),
			reach: this.reachable(),
			onThisMachine: () => this.#localPeers(),
		});
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
		const origin = peerKeyOf(announcement.origin);
		if (origin === this.#options.self) {
			return this.#own.isNews(announcement.version);
		}

		return this.#book.isNewer(origin, announcement.version);
	}

	start(now: number): MembershipEffect[] {
		return [{type: 'timer', at: now}];
	}

	setNick(nick: string): MembershipEffect[] {
		this.#own.setNick(nick);
		return [];
	}

	/** The legacy hosts this node knows directly changed. */
	setLegacy(hosts: readonly PeerAddress[]): MembershipEffect[] {
		this.#own.setLegacy(hosts);
		return [];
	}

	/**
	 * A link came up; `extensions`: its peer skips extension frames it does
	 * not know, so it is told which we read (FEATURES).
	 */
	linkUp(
		key: PeerKey,
		address: PeerAddress,
		nick: string,
		now: number,
		extensions = false,
	): MembershipEffect[] {
		this.#dialing.delete(key);
		if (key === this.#options.self || this.#links.has(key) || this.#left) {
			return [];
		}

		this.#book.attest(key, address, now);
		this.#book.greeted(key, nick);
		this.#budget.answered(address.ip);
		if (this.#links.size >= this.#config.maxLinks) {
			// Full: the peer still learns everyone we know, and dials them instead.
			return [
				...this.#exchange(key),
				{type: 'disconnect', key, reason: 'the peer has no free link slots'},
			];
		}

		this.#links.set(key, {address, since: now});
		this.#graph.linkUp(key);
		this.#graphChanged();
		this.#own.changed();
		const soon = this.#soon(now);
		// Our announcement naming this link follows shortly (`#soon`).
		return [
			...(extensions ? [{type: 'send-features', to: key} as const] : []),
			...this.#exchange(key),
			{type: 'peers-changed'},
			...soon,
			...this.#wake(now, soon.length > 0),
		];
	}

	linkDown(key: PeerKey, now: number): MembershipEffect[] {
		this.#dialing.delete(key);
		const link = this.#links.get(key);
		if (!link) return [];
		this.#links.delete(key);
		this.#digests.delete(key);
		this.#graph.linkDown(key);
		this.#graphChanged();
		const stable = now - link.since >= this.#config.stableLinkMs;
		this.#book.failed(key, now, this.#options.random(), stable);
		this.#own.changed();
		return [{type: 'peers-changed'}, ...this.#soon(now)];
	}

	/** Peers met before a restart (`rejoin.ts`), newest first. */
	rejoin(peers: readonly RememberedPeer[], now: number): MembershipEffect[] {
		this.#rejoin.add(peers, this.#options.self, this.#book, now);
		return [...this.#fill(now, this.reachable()), ...this.#wake(now)];
	}

	/** Peers met before a restart, dialed again, that have said nothing yet. */
	rejoining(): RememberedPeer[] {
		return this.#rejoin.unheard(this.#book);
	}

	/** Peers worth dialing after a restart (`rejoin.ts`). */
	remembered(): RememberedPeer[] {
		const reach = this.reachable();
		return rememberedPeers(
			this.#book,
			(key) => this.#links.has(key) || reach.has(key),
		);
	}

	dialFailed(key: PeerKey, now: number): MembershipEffect[] {
		this.#dialing.delete(key);
		this.#book.failed(key, now, this.#options.random(), false);
		return this.#wake(now);
	}

	/**
	 * Whether the link to `from` may tell us of `origin` for the first time
	 * (`PeerBook.mayIntroduce`; who is confirmed is brought up to date first).
	 */
	mayIntroduce(origin: PeerKey, from: PeerKey): boolean {
		// Who is confirmed matters only once the book is half full: below
		// that, no search of the graph per announcement.
		if (!this.#book.isHalfFull()) return true;
		return this.#book.mayIntroduce(origin, from);
	}

	/** The link to `from` said whether it reads digests (FEATURES). */
	features(from: PeerKey, digests: boolean): MembershipEffect[] {
		if (!this.#links.has(from)) return [];
		if (digests) this.#digests.add(from);
		else this.#digests.delete(from);
		return [];
	}

	/**
	 * The announcement `digest` stands for, rebuilt from the one we hold
	 * (its signature still to be checked); `old` if it is no news,
	 * `missing` if we do not hold the one it repeats.
	 */
	expand(digest: AnnouncementDigest): Announcement | 'old' | 'missing' {
		const origin = peerKeyOf(digest.origin);
		const held =
			origin === this.#options.self
				? this.#own.latest
				: this.#book.get(origin)?.announcement;
		if (
			origin === this.#options.self
				? !this.#own.isNews(digest.version)
				: !this.#book.isNewer(origin, digest.version)
		) {
			return 'old';
		}

		return expandDigest(digest, held) ?? 'missing';
	}

	/** The link to `from` asks for our newest full announcement of `origin`. */
	want(from: PeerKey, origin: PeerKey): MembershipEffect[] {
		if (!this.#links.has(from)) return [];
		const announcement =
			origin === this.#options.self
				? this.#own.latest
				: this.#book.get(origin)?.announcement;
		return announcement
			? [{type: 'send-announcement', to: from, announcement}]
			: [];
	}

	/** A verified announcement from the link to `from`. */
	receive(
		from: PeerKey,
		announcement: Announcement,
		now: number,
	): MembershipEffect[] {
		const origin = peerKeyOf(announcement.origin);
		if (origin === this.#options.self) {
			// A copy of our own, from before a restart: ours must supersede it.
			if (!this.#left) this.#own.outdatedBy(announcement.version);
			return [];
		}

		const {changes} = this.#graph;
		const held = this.#book.get(origin)?.announcement;
		const outcome = this.#book.store(origin, announcement, now, from);
		if (outcome === 'dropped') return [];
		// Passed on as a digest where it only repeats what was held.
		const effects = this.#sendToLinks(
			announcement,
			from,
			outcome === 'refreshed' ? held : undefined,
		);
		// A refresh that says what was said changes nothing shown: the peer
		// list is not redrawn for it (nor is anything worked out again).
		if (outcome === 'refreshed' && changes === this.#graph.changes) {
			return effects;
		}

		this.#graphChanged();
		return [...effects, {type: 'peers-changed'}];
	}

	tick(now: number): MembershipEffect[] {
		this.#asleep = false;
		const kind = this.#schedule.tick(now);
		if (this.#left) return [];
		if (kind === 'early') {
			// Only the announcement. Dialing and healing keep their pace: run
			// more often while links churn, they dialed far more (100 simulated
			// nodes: 7.5 links each, not 6.6, and convergence 4.8 s, not 1 s).
			return [
				...(this.#own.dirty ? this.#announce(now) : []),
				{type: 'timer', at: this.#schedule.nextTickAt},
			];
		}

		const reach = this.reachable();
		const forgotten = this.#book.sweep(now, reach, this.#links);
		if (forgotten) this.#graphChanged();
		const effects: MembershipEffect[] = [...this.#fill(now, reach)];
		// Changes are announced once per tick (or early tick, `#soon`): a
		// burst of link changes (joining, healing) costs one flood, not one
		// per change.
		if (this.#own.due(now, this.#config.refreshMs)) {
			effects.push(...this.#announce(now));
		}

		if (forgotten) effects.push({type: 'peers-changed'});
		if (this.#idle(now)) {
			// A node alone sleeps: no timer until a link comes up, a dial
			// fails or peers to rejoin are restored (`#wake`).
			this.#asleep = true;
			return effects;
		}

		effects.push({type: 'timer', at: this.#schedule.nextTickAt});
		return effects;
	}

	/** Say goodbye on every link; the driver closes them afterwards. */
	leave(now: number): MembershipEffect[] {
		if (this.#left) return [];
		this.#left = true;
		return this.#sendToLinks(this.#own.goodbye(now), undefined);
	}

	/**
	 * Dial peers into free slots, and heal a split (`dial-choice.ts`), within
	 * the budget for addresses that never answered (`dial-budget.ts`).
	 */
	#fill(now: number, reach: ReadonlyMap<PeerKey, number>): MembershipEffect[] {
		const effects: MembershipEffect[] = [...this.#dialRejoin(now)];
		for (const entry of chooseDials({
			eligible: this.#book.dialable(now, this.#links, this.#dialing),
			reach,
			links: this.#links.size,
			dialing: this.#dialing.size,
			config: this.#config,
			random: this.#options.random,
			now,
		})) {
			const [address] = entry.addresses;
			if (address && this.#budget.allows(address.ip, now)) {
				this.#dialing.add(entry.key);
				effects.push({type: 'dial', key: entry.key, address});
			}
		}

		return effects;
	}

	/** While no link is up: dial the peers met before a restart (with backoff). */
	#dialRejoin(now: number): MembershipEffect[] {
		if (this.#links.size > 0 || this.#left) return [];
		return this.#rejoin
			.due(now, this.#book, this.#dialing, (address) =>
				this.#budget.allows(address.ip, now),
			)
			.map(({key, address}) => {
				this.#dialing.add(key);
				return {type: 'dial', key, address} as const;
			});
	}

	/**
	 * Nothing a tick could do: no link, no dial under way, nobody in the
	 * book (whom it would dial, or sweep) and no peer to rejoin (a
	 * candidate the book has forgotten is still due to be dialed).
	 */
	#idle(now: number): boolean {
		return (
			this.#links.size === 0 &&
			this.#dialing.size === 0 &&
			this.#book.list().length === 0 &&
			this.#rejoin.due(now, this.#book, this.#dialing, () => true).length === 0
		);
	}

	/**
	 * Asleep (`#idle`) and now there is work: the ticks start again,
	 * shortly (with the early tick `timerAsked` already, if one was).
	 */
	#wake(now: number, timerAsked = false): MembershipEffect[] {
		if (!this.#asleep || this.#left) return [];
		this.#asleep = false;
		return timerAsked
			? []
			: [{type: 'timer', at: now + this.#config.announceDelayMs}];
	}

	/** A link came or went: ask for an early tick to announce it (`TickSchedule`). */
	#soon(now: number): MembershipEffect[] {
		const at = this.#left ? undefined : this.#schedule.soon(now);
		return at === undefined ? [] : [{type: 'timer', at}];
	}

	/** Peers on this machine (`peer-graph.ts`), worked out once per change. */
	#localPeers(): ReadonlySet<PeerKey> {
		this.#local ??= localPeers(
			this.#options.self,
			[...this.#links].map(([key, link]) => [key, link.address] as const),
			(key) => this.#book.get(key)?.announcement,
		);
		return this.#local;
	}

	/** Links or announcements changed: what was worked out from them is stale. */
	#graphChanged(): void {
		this.#local = undefined;
	}

	/**
	 * What a new link is told: who we are now, and whom we know, its own
	 * announcement included: a peer restarted with a clock that went back
	 * learns it must announce past the version the network still holds.
	 */
	#exchange(key: PeerKey): MembershipEffect[] {
		const own = this.#own.latest;
		const known = this.announcements();
		return [...(own ? [own] : []), ...known].map((announcement) => ({
			type: 'send-announcement',
			to: key,
			announcement,
		}));
	}

	#announce(now: number): MembershipEffect[] {
		if (this.#left) return [];
		const links = [...this.#links].map(
			([key, link]) => [key, link.address] as const,
		);
		const before = this.#own.latest;
		const made = this.#own.make(now, links);
		// A refresh that says what the last one said goes as a digest to
		// links that read them.
		const base = before && saysTheSame(before, made) ? before : undefined;
		return this.#sendToLinks(made, undefined, base);
	}

	/**
	 * Send `announcement` to every link but `except`; as a digest to those
	 * that read them, when it says what `base` said.
	 */
	#sendToLinks(
		announcement: Announcement,
		except: PeerKey | undefined,
		base?: Announcement,
	): MembershipEffect[] {
		const effects: MembershipEffect[] = [];
		const digest = base && digestOf(announcement, base);
		for (const to of this.#links.keys()) {
			if (to === except) continue;
			effects.push(
				digest && this.#digests.has(to)
					? {type: 'send-digest', to, digest}
					: {type: 'send-announcement', to, announcement},
			);
		}

		return effects;
	}
}

export {type AnnouncedState} from './peer-graph.js';
