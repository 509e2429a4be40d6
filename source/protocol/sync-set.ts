/**
 * The set of signed lines a node holds, as catch-up reconciles it
 * (`reconcile.ts`): each line is its author's timestamp and its id (hex
 * SHA-256 of the signed bytes), kept sorted by (timestamp, id), so both
 * peers cut the same ranges. Only the window counts: lines younger than
 * `windowMs`, at most `maxLines` of them (the newest).
 *
 * A range's fingerprint is the sum of its ids (the first 16 bytes, as four
 * 32-bit words, each summed modulo 2^32) and its count: order does not
 * matter, so both sides compute it from their own items, and adding a line
 * costs nothing beyond its place in the array (Meyer, "Range-Based Set
 * Reconciliation", 2023, as Negentropy does it).
 *
 * Pure: the caller says what `now` is.
 */

/** A line in the set. */
export type SyncItem = {
	/** The author's timestamp (ms), as signed. */
	readonly time: number;
	/** Hex SHA-256 of the signed bytes, lower case. */
	readonly id: string;
};

/**
 * A line as the set holds it: with its id's first 16 bytes as four 32-bit
 * words, read once, so a fingerprint is four additions per line (a peer
 * decides how many fingerprints we compute).
 */
export type HeldItem = SyncItem & {
	readonly words: readonly [number, number, number, number];
};

function held(item: SyncItem): HeldItem {
	const word = (index: number) =>
		Number.parseInt(item.id.slice(index * 8, index * 8 + 8), 16) || 0;
	return {
		time: item.time,
		id: item.id,
		words: [word(0), word(1), word(2), word(3)],
	};
}

/**
 * Where a range ends (exclusive): items before it have a smaller time, or
 * the same time and an id below `prefix` (hex; an id that starts with the
 * prefix is not below it). `infinity` is past every item.
 */
export type Bound = {readonly time: number; readonly prefix: string};

export const infinity: Bound = {time: Number.MAX_SAFE_INTEGER, prefix: ''};

/** A range's summary: equal fingerprints mean equal sets (with overwhelming odds). */
export type Fingerprint = {
	/** 32 hex digits: the four word sums, big-endian. */
	readonly sum: string;
	readonly count: number;
};

export type SyncSetOptions = {
	/** How far back lines count (ms). */
	readonly windowMs: number;
	/** Lines kept at most: past this the oldest leave the set. */
	readonly maxLines: number;
};

export function isBelow(item: SyncItem, bound: Bound): boolean {
	return (
		item.time < bound.time ||
		(item.time === bound.time && item.id < bound.prefix)
	);
}

export function compareBounds(a: Bound, b: Bound): number {
	if (a.time !== b.time) return a.time - b.time;
	return a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0;
}

/**
 * The shortest bound that has `previous` below it and `next` not: `next`'s
 * time, and as much of `next`'s id as tells them apart when the times are equal.
 */
export function boundBetween(previous: SyncItem, next: SyncItem): Bound {
	if (previous.time !== next.time) return {time: next.time, prefix: ''};
	let length = 0;
	while (length < next.id.length && previous.id[length] === next.id[length]) {
		length++;
	}

	// Whole bytes (two hex digits) on the wire.
	const bytes = Math.min(next.id.length, (Math.floor(length / 2) + 1) * 2);
	return {time: next.time, prefix: next.id.slice(0, bytes)};
}

export class SyncSet {
	readonly #options: SyncSetOptions;
	/** Sorted by (time, id). */
	readonly #items: HeldItem[] = [];
	readonly #ids = new Set<string>();

	constructor(options: SyncSetOptions) {
		this.#options = options;
	}

	get size(): number {
		return this.#items.length;
	}

	has(id: string): boolean {
		return this.#ids.has(id);
	}

	/**
	 * Where the window starts at `now`: `windowMs` back, or later when the
	 * set is full (then its oldest line: what is older is not kept).
	 */
	since(now: number): number {
		const start = now - this.#options.windowMs;
		const oldest = this.#items[0];
		return this.#items.length >= this.#options.maxLines && oldest
			? Math.max(start, oldest.time)
			: start;
	}

	/** Whether a line of this time would be kept (inside the window, newer than a full set's oldest). */
	wouldKeep(time: number, now: number): boolean {
		return time >= this.since(now);
	}

	/**
	 * Add a line; false if it was held already or falls outside the window.
	 * In time order (the usual case) this is an append.
	 */
	add(item: SyncItem, now: number): boolean {
		if (this.#ids.has(item.id) || !this.wouldKeep(item.time, now)) {
			return false;
		}

		// From the end: lines arrive mostly in time order.
		const items = this.#items;
		let index = items.length;
		for (let before = items.at(-1); before && compareItems(before, item) > 0;) {
			index--;
			before = items[index - 1];
		}

		items.splice(index, 0, held(item));
		this.#ids.add(item.id);
		if (items.length > this.#options.maxLines) this.#dropOldest(1);
		return true;
	}

	/** Forget lines that left the window. */
	prune(now: number): void {
		const start = now - this.#options.windowMs;
		this.#dropOldest(this.#indexOf({time: start, prefix: ''}));
	}

	/** The items in [lower, upper), in order. */
	range(lower: Bound, upper: Bound): readonly HeldItem[] {
		return this.#items.slice(this.#indexOf(lower), this.#indexOf(upper));
	}

	#indexOf(bound: Bound): number {
		let low = 0;
		let high = this.#items.length;
		while (low < high) {
			const middle = Math.floor((low + high) / 2);
			const item = this.#items[middle];
			if (item && isBelow(item, bound)) low = middle + 1;
			else high = middle;
		}

		return low;
	}

	#dropOldest(count: number): void {
		if (count <= 0) return;
		for (const item of this.#items.splice(0, count)) this.#ids.delete(item.id);
	}
}

function compareItems(a: SyncItem, b: SyncItem): number {
	if (a.time !== b.time) return a.time - b.time;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const wordModulus = 2 ** 32;

/** The fingerprint of some items (any order). */
export function fingerprintOf(items: readonly HeldItem[]): Fingerprint {
	// Four words of 32 bits, each summed modulo 2^32 (exact in a double).
	let [a, b, c, d] = [0, 0, 0, 0];
	for (const {words} of items) {
		a = (a + words[0]) % wordModulus;
		b = (b + words[1]) % wordModulus;
		c = (c + words[2]) % wordModulus;
		d = (d + words[3]) % wordModulus;
	}

	return {
		sum: [a, b, c, d]
			.map((word) => word.toString(16).padStart(8, '0'))
			.join(''),
		count: items.length,
	};
}
