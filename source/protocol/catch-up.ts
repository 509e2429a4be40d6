/**
 * Catch-up: what a node missed while it was away (restarted, frozen, cut
 * off, or new) comes back from its peers. Over every link that speaks it,
 * the two ends reconcile the signed lines of the last days
 * (`reconcile.ts`), then fetch what each lacks in batches, one batch in
 * flight per link (its flow control). A sync starts when a link comes up
 * (from the end with the lower key, so one session runs, not two), every
 * `everyMs` after, and towards the other links as soon as lines were
 * fetched: what one peer brings, the rest of the mesh gets next.
 *
 * Sans-IO: it decides what to send and whom to ask; the core checks what
 * arrives (`intake.ts`) and the runtime reads the lines to serve from the store.
 */
import type {PeerKey} from './peer-key.js';
import {RateLimiter, type RatePolicy} from './rate-limit.js';
import {
	defaultReconcileLimits,
	openSync,
	reconcile,
	type ReconcileLimits,
	type SyncMessage,
} from './reconcile.js';
import {SyncSet, type SyncItem} from './sync-set.js';

export type CatchUpConfig = {
	/** How far back lines are reconciled (ms). */
	readonly windowMs: number;
	/** Lines reconciled at most (the newest in the window). */
	readonly maxLines: number;
	/** Lines asked for at once over one link. */
	readonly batch: number;
	/** A batch not answered in this long is given up (the next sync finds the rest). */
	readonly fetchTimeoutMs: number;
	/** A link in use re-syncs this often (lines dropped on the way come back). */
	readonly everyMs: number;
	/** SYNC messages taken from one link; past it they are dropped and counted. */
	readonly messagesPerLink: RatePolicy;
	/** Lines served to one link (a want is 32 bytes, a line up to 32 KiB). */
	readonly servedPerLink: RatePolicy;
	readonly reconcile: ReconcileLimits;
};

export const defaultCatchUpConfig: CatchUpConfig = {
	windowMs: 7 * 24 * 60 * 60 * 1000,
	maxLines: 20_000,
	batch: 1024,
	fetchTimeoutMs: 10_000,
	everyMs: 60_000,
	messagesPerLink: {burst: 100, perSecond: 20},
	servedPerLink: {burst: 20_000, perSecond: 5000},
	reconcile: defaultReconcileLimits,
};

export type CatchUpEffect =
	| {
			readonly type: 'send-sync';
			readonly to: PeerKey;
			readonly message: SyncMessage;
	  }
	/** Send these lines (from the store) to `to`, as SYNCED frames. */
	| {
			readonly type: 'serve-lines';
			readonly to: PeerKey;
			readonly ids: readonly string[];
	  };

type LinkState = {
	/** Ids to ask this link for, in the order learned. */
	queue: string[];
	/** Asked for, not arrived yet. */
	readonly inFlight: Set<string>;
	/** When the batch in flight was asked for. */
	askedAt: number;
	/** Lines fetched since the last sync we opened towards the others. */
	fetched: number;
	/** When this end opens its next periodic sync (never, when the other end does). */
	nextSyncAt: number;
};

export class CatchUp {
	readonly set: SyncSet;
	readonly #config: CatchUpConfig;
	readonly #self: PeerKey;
	readonly #links = new Map<PeerKey, LinkState>();
	/** Which link each wanted id was asked of: one link per id. */
	readonly #asked = new Map<string, PeerKey>();
	readonly #messages: RateLimiter;
	readonly #served: RateLimiter;

	constructor(self: PeerKey, config: CatchUpConfig = defaultCatchUpConfig) {
		this.#self = self;
		this.#config = config;
		this.set = new SyncSet(config);
		this.#messages = new RateLimiter(config.messagesPerLink, 64);
		this.#served = new RateLimiter(config.servedPerLink, 64);
	}

	/** Lines held from before a restart (`restore-sync`). */
	restore(items: readonly SyncItem[], now: number): void {
		// Oldest first: each is then an append.
		const sorted = items.toSorted((a, b) =>
			a.time === b.time ? (a.id < b.id ? -1 : 1) : a.time - b.time,
		);
		for (const item of sorted) this.set.add(item, now);
	}

	/** A line shown live (or our own): the set holds it from now on. */
	add(item: SyncItem, now: number): void {
		this.set.add(item, now);
	}

	/** A link came up; `capable` when its peer speaks SYNC. */
	linkUp(key: PeerKey, capable: boolean, now: number): CatchUpEffect[] {
		// Told twice (our dial settled after the link was up): one session.
		if (!capable || this.#links.has(key)) return [];
		const opener = this.#self < key;
		this.#links.set(key, {
			queue: [],
			inFlight: new Set(),
			askedAt: now,
			fetched: 0,
			nextSyncAt: opener
				? now + this.#config.everyMs
				: Number.POSITIVE_INFINITY,
		});
		return opener ? [this.#open(key, now)] : [];
	}

	linkDown(key: PeerKey, now: number): CatchUpEffect[] {
		const link = this.#links.get(key);
		if (!link) return [];
		this.#links.delete(key);
		this.#messages.forget(key);
		this.#served.forget(key);
		for (const id of link.inFlight) this.#asked.delete(id);
		// What it still owed us may be held by the others.
		return link.inFlight.size + link.queue.length > 0
			? this.#openToOthers(key, now)
			: [];
	}

	/** A SYNC message from `from`: answer it, queue what we lack, serve what it wants. */
	receive(
		from: PeerKey,
		message: SyncMessage,
		now: number,
	): CatchUpEffect[] | 'rate-limited' | 'not-linked' {
		const link = this.#links.get(from);
		if (!link) return 'not-linked';
		if (!this.#messages.take(from, now)) return 'rate-limited';
		const effects: CatchUpEffect[] = [];
		if (message.want.length > 0) {
			if (!this.#served.take(from, now, message.want.length)) {
				return 'rate-limited';
			}

			effects.push({type: 'serve-lines', to: from, ids: message.want});
		}

		if (message.ranges.length > 0) {
			const outcome = reconcile(this.set, message, now, this.#config.reconcile);
			if (outcome.reply.length > 0) {
				effects.push({
					type: 'send-sync',
					to: from,
					message: {since: outcome.since, ranges: outcome.reply, want: []},
				});
			}

			for (const id of outcome.lacking) {
				// Bounded: a peer may offer no more than a window's worth.
				if (link.queue.length >= this.#config.maxLines) break;
				if (!this.#asked.has(id) && !this.set.has(id)) link.queue.push(id);
			}
		}

		return [...effects, ...this.#ask(from, link, now)];
	}

	/**
	 * A SYNCED line with id `id` came from `from`: whether it was asked of
	 * that link (anything else is refused unread).
	 */
	take(from: PeerKey, id: string): boolean {
		const link = this.#links.get(from);
		if (!link?.inFlight.delete(id)) return false;
		this.#asked.delete(id);
		return true;
	}

	/**
	 * After a line `take` accepted was judged: `item` if it was new and
	 * genuine (the set holds it now). Asks for the next batch when this one is done.
	 */
	settle(
		from: PeerKey,
		item: SyncItem | undefined,
		now: number,
	): CatchUpEffect[] {
		const link = this.#links.get(from);
		if (!link) return [];
		if (item && this.set.add(item, now)) link.fetched++;
		return this.#ask(from, link, now);
	}

	/** Give up batches not answered in time; open the periodic syncs due. */
	tick(now: number): CatchUpEffect[] {
		this.set.prune(now);
		const effects: CatchUpEffect[] = [];
		for (const [key, link] of this.#links) {
			if (
				link.inFlight.size > 0 &&
				now - link.askedAt >= this.#config.fetchTimeoutMs
			) {
				for (const id of link.inFlight) this.#asked.delete(id);
				link.inFlight.clear();
				effects.push(...this.#ask(key, link, now));
			}

			if (now >= link.nextSyncAt && link.inFlight.size === 0) {
				link.nextSyncAt = now + this.#config.everyMs;
				effects.push(this.#open(key, now));
			}
		}

		return effects;
	}

	/** Ids asked of links and not arrived yet, for the simulator and stats. */
	get awaiting(): number {
		return this.#asked.size;
	}

	#open(to: PeerKey, now: number): CatchUpEffect {
		return {type: 'send-sync', to, message: openSync(this.set, now)};
	}

	/**
	 * The next batch for `key` when none is in flight; once the queue runs
	 * dry after lines came, a sync towards every other link.
	 */
	#ask(key: PeerKey, link: LinkState, now: number): CatchUpEffect[] {
		if (link.inFlight.size > 0) return [];
		const want: string[] = [];
		let taken = 0;
		for (const id of link.queue) {
			if (want.length >= this.#config.batch) break;
			taken++;
			if (this.#asked.has(id) || this.set.has(id)) continue;
			want.push(id);
			link.inFlight.add(id);
			this.#asked.set(id, key);
		}

		link.queue = link.queue.slice(taken);

		if (want.length > 0) {
			link.askedAt = now;
			return [
				{
					type: 'send-sync',
					to: key,
					message: {since: this.set.since(now), ranges: [], want},
				},
			];
		}

		if (link.fetched === 0) return [];
		link.fetched = 0;
		return this.#openToOthers(key, now);
	}

	#openToOthers(except: PeerKey, now: number): CatchUpEffect[] {
		const effects: CatchUpEffect[] = [];
		for (const key of this.#links.keys()) {
			if (key !== except) effects.push(this.#open(key, now));
		}

		return effects;
	}
}
