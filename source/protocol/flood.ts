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
import {
	emptyBroadcastStats,
	type Broadcast,
	type BroadcastEffect,
	type BroadcastStats,
} from './broadcast-types.js';
import type {PeerKey} from './peer-key.js';

export type {PeerKey} from './peer-key.js';
export type {
	Broadcast,
	BroadcastEffect,
	BroadcastStats,
} from './broadcast-types.js';

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
	readonly stats: BroadcastStats = emptyBroadcastStats();
	readonly #seen: SeenCache;
	readonly #neighbors = new Set<PeerKey>();

	constructor(options: SeenCacheOptions = defaultFloodOptions) {
		this.#seen = new SeenCache(options);
	}

	neighborUp(key: PeerKey): void {
		this.#neighbors.add(key);
	}

	/** Flooding keeps every link eager, whatever the peer speaks. */
	neighborSpeaksTree(): void {
		// Nothing to change.
	}

	neighborDown(key: PeerKey): void {
		this.#neighbors.delete(key);
	}

	/** Every link gets every line; a link that cannot keep up meets its limits. */
	neighborLagging(): void {
		// Nothing to change.
	}

	/** Nor when it has caught up. */
	neighborDrained(): void {
		// Nothing to change.
	}

	neighbors(): readonly PeerKey[] {
		return [...this.#neighbors];
	}

	publish(id: string, message: M, now: number): Array<BroadcastEffect<M>> {
		this.#seen.add(id, now);
		return this.#forward(message, 0, undefined);
	}

	receive(
		from: PeerKey,
		id: string,
		message: M,
		hops: number | undefined,
		now: number,
	): Array<BroadcastEffect<M>> {
		if (!this.#seen.add(id, now)) return this.duplicate();
		this.stats.delivered++;
		return [
			{type: 'deliver', id, message, from},
			...this.#forward(message, (hops ?? 0) + 1, from),
		];
	}

	duplicate(): Array<BroadcastEffect<M>> {
		this.stats.duplicates++;
		return [];
	}

	/** Plumtree's frames mean nothing to a flood. */
	control(): Array<BroadcastEffect<M>> {
		return [];
	}

	tick(): Array<BroadcastEffect<M>> {
		return [];
	}

	nextDeadline(): number | undefined {
		return undefined;
	}

	#forward(
		message: M,
		hops: number,
		except: PeerKey | undefined,
	): Array<BroadcastEffect<M>> {
		const effects: Array<BroadcastEffect<M>> = [];
		for (const to of this.#neighbors) {
			if (to === except) continue;
			effects.push({type: 'send-message', to, message, hops});
		}

		this.stats.sent += effects.length;
		return effects;
	}
}
