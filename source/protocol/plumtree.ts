/**
 * Plumtree broadcast ("Epidemic Broadcast Trees", Leitão, Pereira and
 * Rodrigues, SRDS 2007; iroh-gossip's `plumtree.rs` was read as a model).
 * Every link starts eager, so the first message floods; a copy that
 * arrives twice makes its receiver PRUNE the later sender (that link turns
 * lazy at both ends), which leaves a spanning tree of eager links. Lazy
 * links get IHAVE announcements (ids and hop counts, batched every
 * `ihaveIntervalMs`); a node that hears of an id and does not receive it
 * within `graftTimeoutMs` sends GRAFT to an announcer, which turns that link
 * eager and sends the payload: the tree repairs itself where it broke. A
 * lazy link whose announcement shows a path `optimizationThreshold` hops
 * shorter than the eager one is grafted in and the eager one pruned.
 *
 * A link that lags (its send backlog, `neighborLagging`) is lazy for
 * relayed lines until it drains (`neighborDrained`), at most `lagHoldMs`;
 * our own lines still go to it in full, its peer never having pruned it.
 *
 * Peers that do not speak Plumtree stay eager forever (they are never sent
 * an IHAVE in place of a payload, nor pruned). Payloads are kept for
 * `cacheMs` (at most `maxCached`) to answer GRAFTs; a GRAFT is answered
 * only for ids held, and only up to `graftsPerLink` ids a second per link.
 *
 * Sans-IO: methods take an event and `now` and return effects; deadlines
 * come out as `nextDeadline()` for the core's one timer.
 */
import {
	emptyBroadcastStats,
	type Broadcast,
	type BroadcastEffect,
	type BroadcastStats,
	type IhaveEntry,
	type TreeControl,
} from './broadcast-types.js';
import type {PlumtreeConfig} from './mesh-config.js';
import type {PeerKey} from './peer-key.js';
import {RateLimiter} from './rate-limit.js';
import {SeenCache, type SeenCacheOptions} from './seen-cache.js';

/** A payload kept to answer GRAFTs: the hops a copy from here carries. */
type Cached<M> = {
	readonly message: M;
	readonly hops: number;
	readonly at: number;
	readonly bytes: number;
};

/** An id announced to us and not received yet: who has it, when to ask. */
type Missing = {
	/** Announcers not asked yet, in the order their IHAVEs came. */
	readonly announcers: IhaveEntryFrom[];
	/** When to GRAFT the next announcer. */
	graftAt: number;
};

type IhaveEntryFrom = {readonly from: PeerKey; readonly hops: number};

/** Announcers remembered per missing id (a GRAFT goes to one at a time). */
const maxAnnouncers = 8;

export class Plumtree<M> implements Broadcast<M> {
	readonly stats: BroadcastStats = emptyBroadcastStats();
	readonly #config: PlumtreeConfig;
	readonly #seen: SeenCache;
	readonly #eager = new Set<PeerKey>();
	readonly #lazy = new Set<PeerKey>();
	/** Links whose peers said they speak Plumtree. */
	readonly #speaks = new Set<PeerKey>();
	/** Oldest first (a Map keeps insertion order). */
	readonly #cache = new Map<string, Cached<M>>();
	/** What the cache holds, as `#sizeOf` counts it. */
	#cachedBytes = 0;
	readonly #sizeOf: (message: M) => number;
	/** Announcements waiting for the next flush, per lazy link. */
	readonly #queue = new Map<PeerKey, IhaveEntry[]>();
	#flushAt: number | undefined;
	/** Oldest first. */
	readonly #missing = new Map<string, Missing>();
	readonly #grafts: RateLimiter;
	/** Lagging links, kept lazy until then (`neighborLagging`). */
	readonly #laggingUntil = new Map<PeerKey, number>();
	/**
	 * Lazy links that were eager when they began to lag: their peers still
	 * hold us eager (lag sends no PRUNE), so our own lines still go to them
	 * in full, and they are eager again once their backlog drains.
	 */
	readonly #laggedEager = new Set<PeerKey>();

	/**
	 * `sizeOf` tells the memory a payload holds, for `maxCachedBytes`
	 * (none given: only `maxCached` bounds the cache).
	 */
	constructor(
		config: PlumtreeConfig,
		seen: SeenCacheOptions,
		sizeOf: (message: M) => number = () => 0,
	) {
		this.#config = config;
		this.#sizeOf = sizeOf;
		this.#seen = new SeenCache(seen);
		// One bucket per link, and links are few; room for churn.
		this.#grafts = new RateLimiter(config.graftsPerLink, 1024);
	}

	/** Whether `key` is an eager link now (tests, the inspector). */
	isEager(key: PeerKey): boolean {
		return this.#eager.has(key);
	}

	/** Whether `key` is a lazy link now. */
	isLazy(key: PeerKey): boolean {
		return this.#lazy.has(key);
	}

	neighborUp(key: PeerKey): void {
		// A new link (maybe replacing one to the same peer) starts afresh:
		// the old one's lag is not this one's, and its drain never comes.
		this.#laggingUntil.delete(key);
		this.#laggedEager.delete(key);
		this.#lazy.delete(key);
		this.#eager.add(key);
	}

	/** Kept even before the link is up here (the frame may come first); dropped at its end. */
	neighborSpeaksTree(key: PeerKey): void {
		this.#speaks.add(key);
	}

	neighborLagging(key: PeerKey, now: number): void {
		if (!this.#speaks.has(key)) return;
		this.#laggingUntil.set(key, now + this.#config.lagHoldMs);
		if (this.#eager.has(key)) {
			this.stats.lagged++;
			this.#laggedEager.add(key);
		}

		this.#makeLazy(key);
	}

	neighborDrained(key: PeerKey): void {
		// The hold ends with the backlog: a fixed one kept a link that had
		// caught up lazy (its lines a GRAFT timeout late) for seconds more.
		if (!this.#laggingUntil.delete(key)) return;
		if (this.#laggedEager.delete(key) && this.#lazy.delete(key)) {
			this.#eager.add(key);
		}
	}

	neighborDown(key: PeerKey): void {
		this.#laggingUntil.delete(key);
		this.#laggedEager.delete(key);
		this.#eager.delete(key);
		this.#lazy.delete(key);
		this.#speaks.delete(key);
		this.#queue.delete(key);
		if (this.#queue.size === 0) this.#flushAt = undefined;
		this.#grafts.forget(key);
		// "The record of IHAVE messages sent from failed members is deleted."
		for (const [id, missing] of this.#missing) {
			const kept = missing.announcers.filter((entry) => entry.from !== key);
			if (kept.length === 0) this.#missing.delete(id);
			else missing.announcers.splice(0, Number.POSITIVE_INFINITY, ...kept);
		}
	}

	neighbors(): readonly PeerKey[] {
		return [...this.#eager, ...this.#lazy];
	}

	publish(id: string, message: M, now: number): Array<BroadcastEffect<M>> {
		this.#seen.add(id, now);
		this.#keep(id, message, 0, now);
		// Our own lines go in full to links lazy only because they lag:
		// a few small lines next to what is relayed, and their authors wait
		// for each link's ACK. Announced, they came a GRAFT timeout late, or
		// not at all behind a flood's announcements and GRAFTs.
		return this.#push(id, message, 0, undefined, now, this.#laggedEager);
	}

	receive(
		from: PeerKey,
		id: string,
		message: M,
		hops: number | undefined,
		now: number,
	): Array<BroadcastEffect<M>> {
		if (!this.#seen.add(id, now)) return this.duplicate(from);
		this.stats.delivered++;
		// A peer that does not count hops: as if it were the author's link.
		const sent = Math.min((hops ?? 0) + 1, this.#config.maxHops);
		this.#keep(id, message, sent, now);
		// The paper: the sender of a new message is (made) eager.
		if (this.#lazy.has(from)) this.#makeEager(from, now);
		const effects: Array<BroadcastEffect<M>> = [
			{type: 'deliver', id, message, from},
			...this.#push(id, message, sent, from, now),
		];
		const missing = this.#missing.get(id);
		this.#missing.delete(id);
		if (missing) effects.push(...this.#optimize(from, hops ?? 0, missing, now));
		return effects;
	}

	duplicate(from: PeerKey): Array<BroadcastEffect<M>> {
		this.stats.duplicates++;
		if (!this.#speaks.has(from) || !this.#eager.has(from)) return [];
		this.#makeLazy(from);
		this.stats.pruneSent++;
		return [{type: 'send-tree', to: from, frame: {kind: 'prune'}}];
	}

	control(
		from: PeerKey,
		frame: TreeControl,
		now: number,
	): Array<BroadcastEffect<M>> {
		// Only from a link whose peer said it speaks Plumtree (TREE-HELLO):
		// any other could not be answered in kind, so it changes nothing.
		if (
			!this.#speaks.has(from) ||
			(!this.#eager.has(from) && !this.#lazy.has(from))
		) {
			return [];
		}

		switch (frame.kind) {
			case 'prune': {
				// Its peer holds us lazy now: our own lines are announced too.
				this.#laggedEager.delete(from);
				this.#makeLazy(from);
				return [];
			}

			case 'graft': {
				this.#makeEager(from, now);
				return this.#answerGraft(from, frame.ids, now);
			}

			case 'ihave': {
				this.#announced(from, frame.entries, now);
				return [];
			}
		}
	}

	tick(now: number): Array<BroadcastEffect<M>> {
		this.#evict(now);
		const effects: Array<BroadcastEffect<M>> = [];
		// A flush further off than one interval means the clock went back:
		// due now, not when the clock catches up.
		if (
			this.#flushAt !== undefined &&
			(now >= this.#flushAt ||
				this.#flushAt - now > this.#config.ihaveIntervalMs)
		) {
			effects.push(...this.#flush());
		}

		effects.push(...this.#graftDue(now));
		return effects;
	}

	nextDeadline(): number | undefined {
		let next = this.#flushAt;
		for (const missing of this.#missing.values()) {
			if (next === undefined || missing.graftAt < next) next = missing.graftAt;
		}

		return next;
	}

	#keep(id: string, message: M, hops: number, now: number): void {
		// Only a peer that speaks Plumtree GRAFTs: with none, nothing is kept.
		if (this.#speaks.size === 0) return;
		const bytes = this.#sizeOf(message);
		this.#forget(id);
		this.#cache.set(id, {message, hops, at: now, bytes});
		this.#cachedBytes += bytes;
		for (const oldest of this.#cache.keys()) {
			if (
				this.#cache.size <= this.#config.maxCached &&
				this.#cachedBytes <= this.#config.maxCachedBytes
			) {
				break;
			}

			this.#forget(oldest);
		}
	}

	#evict(now: number): void {
		for (const [id, cached] of this.#cache) {
			// A clock that went back a little keeps entries a while longer;
			// one that went back further than the cache's age drops them.
			if (Math.abs(now - cached.at) < this.#config.cacheMs) break;
			this.#forget(id);
		}
	}

	#forget(id: string): void {
		const cached = this.#cache.get(id);
		if (cached === undefined) return;
		this.#cache.delete(id);
		this.#cachedBytes -= cached.bytes;
	}

	/** Eager push to the eager links, announcements queued for the lazy ones. */
	#push(
		id: string,
		message: M,
		hops: number,
		except: PeerKey | undefined,
		now: number,
		alsoLazy: ReadonlySet<PeerKey> = new Set(),
	): Array<BroadcastEffect<M>> {
		const effects: Array<BroadcastEffect<M>> = [];
		for (const to of this.#eager) {
			if (to !== except)
				effects.push({type: 'send-message', to, message, hops});
		}

		for (const to of alsoLazy) {
			if (to !== except && this.#lazy.has(to))
				effects.push({type: 'send-message', to, message, hops});
		}

		this.stats.sent += effects.length;
		for (const to of this.#lazy) {
			if (to === except || alsoLazy.has(to)) continue;
			let queue = this.#queue.get(to);
			if (!queue) {
				queue = [];
				this.#queue.set(to, queue);
			}

			queue.push({id, hops});
			// Bounded: a link lazy because it lags must not grow our memory
			// either. What it is not told of, catch-up brings it.
			if (queue.length > this.#config.maxQueuedIhaves) queue.shift();
		}

		if (this.#queue.size > 0 && this.#flushAt === undefined) {
			this.#flushAt = now + this.#config.ihaveIntervalMs;
		}

		return effects;
	}

	#flush(): Array<BroadcastEffect<M>> {
		this.#flushAt = undefined;
		const effects: Array<BroadcastEffect<M>> = [];
		const per = this.#config.maxIhaveEntries;
		for (const [to, entries] of this.#queue) {
			for (let start = 0; start < entries.length; start += per) {
				effects.push({
					type: 'send-tree',
					to,
					frame: {kind: 'ihave', entries: entries.slice(start, start + per)},
				});
			}
		}

		this.#queue.clear();
		this.stats.ihaveSent += effects.length;
		return effects;
	}

	#announced(from: PeerKey, entries: readonly IhaveEntry[], now: number): void {
		for (const {id, hops} of entries) {
			if (this.#seen.has(id, now)) continue;
			let missing = this.#missing.get(id);
			if (!missing) {
				missing = {announcers: [], graftAt: now + this.#config.graftTimeoutMs};
				this.#missing.set(id, missing);
				// Bounded: remote input names the ids. The oldest goes.
				for (const oldest of this.#missing.keys()) {
					if (this.#missing.size <= this.#config.maxMissing) break;
					this.#missing.delete(oldest);
				}
			}

			if (
				missing.announcers.length < maxAnnouncers &&
				!missing.announcers.some((entry) => entry.from === from)
			) {
				missing.announcers.push({from, hops});
			}
		}
	}

	/** GRAFT timers that ran out: ask the next announcer, once per link per tick. */
	#graftDue(now: number): Array<BroadcastEffect<M>> {
		const asks = new Map<PeerKey, string[]>();
		for (const [id, missing] of this.#missing) {
			// Further off than a timeout: the clock went back; due now.
			const ahead = missing.graftAt - now;
			if (ahead > 0 && ahead <= this.#config.graftTimeoutMs) continue;
			const next = missing.announcers.shift();
			if (!next) {
				this.#missing.delete(id);
				continue;
			}

			this.#makeEager(next.from, now);
			const ids = asks.get(next.from) ?? [];
			ids.push(id);
			asks.set(next.from, ids);
			// The paper's second, shorter timer: then the next announcer.
			missing.graftAt = now + this.#config.graftRetryMs;
		}

		const effects: Array<BroadcastEffect<M>> = [];
		const per = this.#config.maxGraftIds;
		for (const [to, ids] of asks) {
			for (let start = 0; start < ids.length; start += per) {
				effects.push({
					type: 'send-tree',
					to,
					frame: {kind: 'graft', ids: ids.slice(start, start + per)},
				});
			}
		}

		this.stats.graftSent += effects.length;
		return effects;
	}

	#answerGraft(
		from: PeerKey,
		ids: readonly string[],
		now: number,
	): Array<BroadcastEffect<M>> {
		const effects: Array<BroadcastEffect<M>> = [];
		// An id named twice in one GRAFT is sent once.
		for (const id of new Set(ids)) {
			const cached = this.#cache.get(id);
			// Only what we hold, and only a link's share: a GRAFT costs its
			// sender a few bytes and us a payload, charged by its size (one,
			// and one more per 4 KiB it holds).
			const cost = 1 + Math.floor((cached?.bytes ?? 0) / 4096);
			if (!cached || !this.#grafts.take(from, now, cost)) {
				this.stats.graftRefused++;
				continue;
			}

			effects.push({
				type: 'send-message',
				to: from,
				message: cached.message,
				hops: cached.hops,
			});
		}

		this.stats.sent += effects.length;
		return effects;
	}

	/**
	 * The message came from `from` after `hops` hops, and had been announced
	 * by others: if one announced it `optimizationThreshold` hops closer,
	 * its link replaces the eager one.
	 */
	#optimize(
		from: PeerKey,
		hops: number,
		missing: Missing,
		now: number,
	): Array<BroadcastEffect<M>> {
		let best: IhaveEntryFrom | undefined;
		for (const entry of missing.announcers) {
			if (!best || entry.hops < best.hops) best = entry;
		}

		if (
			!best ||
			hops - best.hops < this.#config.optimizationThreshold ||
			!this.#speaks.has(from)
		) {
			return [];
		}

		const effects: Array<BroadcastEffect<M>> = [];
		if (!this.#eager.has(best.from)) {
			this.#makeEager(best.from, now);
			this.stats.graftSent++;
			effects.push({
				type: 'send-tree',
				to: best.from,
				frame: {kind: 'graft', ids: []},
			});
		}

		this.#makeLazy(from);
		this.stats.pruneSent++;
		effects.push({type: 'send-tree', to: from, frame: {kind: 'prune'}});
		return effects;
	}

	/** A lagging link stays lazy until its hold ends (then the next reason makes it eager). */
	#makeEager(key: PeerKey, now: number): void {
		const until = this.#laggingUntil.get(key);
		if (until !== undefined) {
			// A clock that went back ends the hold rather than stretch it.
			if (now < until && until - now <= this.#config.lagHoldMs) return;
			this.#laggingUntil.delete(key);
		}

		this.#laggedEager.delete(key);
		if (!this.#lazy.delete(key)) return;
		this.#eager.add(key);
	}

	/** Only a peer that speaks Plumtree is ever made lazy. */
	#makeLazy(key: PeerKey): void {
		if (!this.#speaks.has(key) || !this.#eager.delete(key)) return;
		this.#lazy.add(key);
	}
}
