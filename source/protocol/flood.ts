/**
 * Broadcast by flooding: a node passes every new message to all its links
 * except the one it came from, and drops messages it has seen (the "eager
 * push" half of Plumtree, Leitão, Pereira and Rodrigues, "Epidemic Broadcast
 * Trees", SRDS 2007, with every link eager). Over a connected graph of links
 * every node delivers each message exactly once; the cost is one copy per
 * link per message, which the later Plumtree swap reduces to a spanning tree.
 *
 * Sans-IO: methods take an event and `now` and return effects; nothing here
 * sends, waits or draws random numbers.
 */
import {SeenCache, type SeenCacheOptions} from './seen-cache.js';
import type {PeerKey} from './peer-key.js';

export type {PeerKey} from './peer-key.js';

/** What the broadcast layer asks its driver to do. */
export type BroadcastEffect<M> =
	| {readonly type: 'send-message'; readonly to: PeerKey; readonly message: M}
	/** Show the message to the user: it is new here. */
	| {
			readonly type: 'deliver';
			readonly id: string;
			readonly message: M;
			readonly from: PeerKey;
	  };

/** The interface a broadcast strategy offers the mesh (Plumtree will implement it too). */
export type Broadcast<M> = {
	readonly stats: BroadcastStats;
	neighborUp(key: PeerKey): void;
	neighborDown(key: PeerKey): void;
	/** A message this node wrote: send it everywhere, never deliver it back. */
	publish(id: string, message: M, now: number): Array<BroadcastEffect<M>>;
	/** A message from a link, already verified by the caller. */
	receive(
		from: PeerKey,
		id: string,
		message: M,
		now: number,
	): Array<BroadcastEffect<M>>;
};

/** Running totals, for the simulator and benchmarks (RMR, duplicates). */
export type BroadcastStats = {
	/** Messages delivered to this node's user. */
	delivered: number;
	/** Copies that arrived after the first (the cost of flooding). */
	duplicates: number;
	/** Copies this node sent. */
	sent: number;
};

/**
 * The seen cache must outlive the time a copy can take to arrive by the
 * slowest path (seconds in a chat mesh), and the window in which the
 * service accepts a message's clock (ten minutes either way): twenty
 * minutes covers both.
 */
export const defaultFloodOptions: SeenCacheOptions = {
	ttlMs: 20 * 60 * 1000,
	maxEntries: 100_000,
};

export class Flood<M> implements Broadcast<M> {
	readonly stats: BroadcastStats = {delivered: 0, duplicates: 0, sent: 0};
	readonly #seen: SeenCache;
	readonly #neighbors = new Set<PeerKey>();

	constructor(options: SeenCacheOptions = defaultFloodOptions) {
		this.#seen = new SeenCache(options);
	}

	neighborUp(key: PeerKey): void {
		this.#neighbors.add(key);
	}

	neighborDown(key: PeerKey): void {
		this.#neighbors.delete(key);
	}

	publish(id: string, message: M, now: number): Array<BroadcastEffect<M>> {
		this.#seen.add(id, now);
		return this.#forward(message, undefined);
	}

	receive(
		from: PeerKey,
		id: string,
		message: M,
		now: number,
	): Array<BroadcastEffect<M>> {
		if (!this.#seen.add(id, now)) {
			this.stats.duplicates++;
			return [];
		}

		this.stats.delivered++;
		return [
			{type: 'deliver', id, message, from},
			...this.#forward(message, from),
		];
	}

	#forward(message: M, except: PeerKey | undefined): Array<BroadcastEffect<M>> {
		const effects: Array<BroadcastEffect<M>> = [];
		for (const to of this.#neighbors) {
			if (to === except) continue;
			effects.push({type: 'send-message', to, message});
		}

		this.stats.sent += effects.length;
		return effects;
	}
}
