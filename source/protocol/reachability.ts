/**
 * Who is reachable and how far, kept up to date as links and announcements
 * change instead of searched anew after each one. The graph is the one of
 * `peer-graph.ts` (a link counts when both ends announce it; this node's
 * own links count as they are), and the answer the same as its
 * breadth-first search; only the cost differs. This is dynamic shortest
 * paths with unit weights (Ramalingam and Reps, "An incremental algorithm
 * for a generalization of the shortest-path problem", J. Algorithms 21,
 * 1996): a link that appears shortens paths outward from its ends, as far
 * as they shorten; a link that goes away first marks the peers that lost
 * every shortest path (level by level, a peer keeps its distance while any
 * neighbour one hop closer keeps its own), then gives only those their new
 * distances, from the unaffected peers around them. An announcement that
 * changes no link costs a comparison of its lists and visits nobody.
 * Pure.
 */
import type {PeerKey} from './flood.js';

const nobody: ReadonlySet<PeerKey> = new Set();

function ignore(): void {
	// Nobody asked to be told.
}

export class Reachability {
	readonly #self: PeerKey;
	readonly #direct = new Set<PeerKey>();
	/** What each peer's newest announcement lists (none while it is leaving). */
	readonly #says = new Map<PeerKey, ReadonlySet<PeerKey>>();
	/** Counted links: both ends announce them. */
	readonly #edges = new Map<PeerKey, Set<PeerKey>>();
	readonly #hops = new Map<PeerKey, number>();
	/** Told of each peer that becomes reachable. */
	readonly #reached: (key: PeerKey) => void;
	/** Told of each peer whose distance changes (or that comes or goes). */
	readonly #moved: (key: PeerKey) => void;
	#visits = 0;
	#changes = 0;

	constructor(
		self: PeerKey,
		reached: (key: PeerKey) => void = ignore,
		moved: (key: PeerKey) => void = ignore,
	) {
		this.#self = self;
		this.#reached = reached;
		this.#moved = moved;
	}

	/** Peer -> hops from this node (1 for a direct link), for every reachable peer. */
	get hops(): ReadonlyMap<PeerKey, number> {
		return this.#hops;
	}

	/** Peers looked at by updates so far: the work done (tests and benchmarks read it). */
	get visits(): number {
		return this.#visits;
	}

	/** Grows whenever some peer's distance changes (or it comes or goes). */
	get changes(): number {
		return this.#changes;
	}

	linkUp(key: PeerKey): void {
		if (key === this.#self || this.#direct.has(key)) return;
		this.#direct.add(key);
		this.#visits++;
		if (this.#hops.get(key) === 1) return;
		this.#set(key, 1);
		this.#spread([key]);
	}

	linkDown(key: PeerKey): void {
		if (!this.#direct.delete(key)) return;
		this.#repair([key]);
	}

	/**
	 * `key`'s newest announcement lists `links`; none: it is leaving, or
	 * forgotten. Costs the two lists' length when nothing changed.
	 */
	announce(key: PeerKey, links: readonly PeerKey[] | undefined): void {
		if (key === this.#self) return;
		const before = this.#says.get(key) ?? nobody;
		const after = new Set<PeerKey>();
		for (const link of links ?? []) {
			if (link !== this.#self && link !== key) after.add(link);
		}

		if (after.size === 0) this.#says.delete(key);
		else this.#says.set(key, after);
		const lost: PeerKey[] = [];
		for (const link of before) {
			if (!after.has(link) && this.#unlink(key, link)) lost.push(key, link);
		}

		if (lost.length > 0) this.#repair(lost);
		const gained: PeerKey[] = [];
		for (const link of after) {
			if (!before.has(link) && this.#says.get(link)?.has(key)) {
				this.#link(key, link);
				gained.push(key, link);
			}
		}

		if (gained.length > 0) this.#spread(gained);
	}

	#link(a: PeerKey, b: PeerKey): void {
		this.#neighbours(a, true).add(b);
		this.#neighbours(b, true).add(a);
	}

	/** Whether the counted link a-b was there (and is gone now). */
	#unlink(a: PeerKey, b: PeerKey): boolean {
		const of = this.#edges.get(a);
		if (!of?.delete(b)) return false;
		if (of.size === 0) this.#edges.delete(a);
		const back = this.#edges.get(b);
		back?.delete(a);
		if (back?.size === 0) this.#edges.delete(b);
		return true;
	}

	#neighbours(key: PeerKey, make: true): Set<PeerKey>;
	#neighbours(key: PeerKey, make?: false): ReadonlySet<PeerKey>;
	#neighbours(key: PeerKey, make = false): ReadonlySet<PeerKey> {
		let set = this.#edges.get(key);
		if (!set && make) {
			set = new Set();
			this.#edges.set(key, set);
		}

		return set ?? nobody;
	}

	#set(key: PeerKey, hops: number): void {
		const before = this.#hops.get(key);
		this.#hops.set(key, hops);
		this.#changes++;
		this.#moved(key);
		if (before === undefined) this.#reached(key);
	}

	/**
	 * Links appeared at `from` (ends of new links, or new direct links):
	 * shorten paths outward from there, as far as they get shorter.
	 */
	#spread(from: readonly PeerKey[]): void {
		// A queue that grows while it is read: for-of visits what is pushed.
		const queue = [...from];
		for (const key of queue) {
			this.#visits++;
			const hops = this.#hops.get(key);
			if (hops === undefined) continue;
			for (const next of this.#neighbours(key)) {
				const held = this.#hops.get(next);
				if (held !== undefined && held <= hops + 1) continue;
				this.#set(next, hops + 1);
				queue.push(next);
			}
		}
	}

	/**
	 * Links went away at `from` (their ends): find the peers that lost every
	 * shortest path, then give them their new distances (or none).
	 */
	#repair(from: readonly PeerKey[]): void {
		const affected = this.#affected(from);
		if (affected.size === 0) return;
		// Bucket queue: distances are small whole numbers.
		const buckets: PeerKey[][] = [];
		for (const key of affected) {
			this.#hops.delete(key);
			this.#changes++;
			this.#moved(key);
		}

		for (const key of affected) {
			this.#visits++;
			let best = this.#direct.has(key) ? 1 : Number.POSITIVE_INFINITY;
			for (const next of this.#neighbours(key)) {
				const hops = this.#hops.get(next);
				if (hops !== undefined && hops + 1 < best) best = hops + 1;
			}

			if (best !== Number.POSITIVE_INFINITY) (buckets[best] ??= []).push(key);
		}

		for (let hops = 1; hops < buckets.length; hops++) {
			for (const key of buckets[hops] ?? []) {
				if (this.#hops.has(key)) continue;
				this.#visits++;
				this.#hops.set(key, hops);
				for (const next of this.#neighbours(key)) {
					if (affected.has(next) && !this.#hops.has(next)) {
						(buckets[hops + 1] ??= []).push(next);
					}
				}
			}
		}
	}

	/**
	 * The peers whose every shortest path ran through what went away: one
	 * level at a time from the nearest, a peer keeps its distance while
	 * this node links it directly (distance 1) or a neighbour one hop
	 * closer keeps its own.
	 */
	#affected(from: readonly PeerKey[]): Set<PeerKey> {
		const affected = new Set<PeerKey>();
		const levels: PeerKey[][] = [];
		for (const key of from) {
			const hops = this.#hops.get(key);
			if (hops !== undefined) (levels[hops] ??= []).push(key);
		}

		const seen = new Set<PeerKey>();
		for (let hops = 1; hops < levels.length; hops++) {
			for (const key of levels[hops] ?? []) {
				if (seen.has(key)) continue;
				seen.add(key);
				this.#visits++;
				if (this.#supported(key, hops, affected)) continue;
				affected.add(key);
				for (const next of this.#neighbours(key)) {
					if (this.#hops.get(next) === hops + 1) {
						(levels[hops + 1] ??= []).push(next);
					}
				}
			}
		}

		return affected;
	}

	#supported(
		key: PeerKey,
		hops: number,
		affected: ReadonlySet<PeerKey>,
	): boolean {
		if (hops === 1) return this.#direct.has(key);
		for (const next of this.#neighbours(key)) {
			if (this.#hops.get(next) === hops - 1 && !affected.has(next)) return true;
		}

		return false;
	}
}
