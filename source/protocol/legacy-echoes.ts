/**
 * A legacy host sends each line to every host it knows, so one line can
 * enter the mesh through several bridges, and reach a node both directly and
 * bridged. The seed's format has no message id, so copies are told apart by
 * counting: per (source, text), each way in (a bridge, or "direct") counts
 * its copies; a copy is new when its way in has now brought more copies than
 * any way had before. Two "ok"s typed in a row still show twice; one "ok"
 * reaching us three ways shows once. Counts are forgotten `windowMs` after a
 * line was last seen. Pure.
 */

export type LegacyEchoOptions = {
	/** Copies of one line arrive within this long of each other. */
	readonly windowMs: number;
	/** Distinct lines remembered (oldest forgotten first). */
	readonly maxLines: number;
	/**
	 * Bridges counted per line (besides the direct way). A bridge is any
	 * signing key, so without a cap one peer could grow a line's counts
	 * without bound.
	 */
	readonly maxWays: number;
};

export const defaultLegacyEchoOptions: LegacyEchoOptions = {
	windowMs: 30_000,
	maxLines: 10_000,
	maxWays: 16,
};

/** The way in of a copy the legacy host sent this node itself. */
export const directWay = 'direct';

type Counts = {
	readonly perWay: Map<string, number>;
	shown: number;
	expires: number;
};

export class LegacyEchoes {
	readonly #options: LegacyEchoOptions;
	readonly #lines = new Map<string, Counts>();

	constructor(options: LegacyEchoOptions = defaultLegacyEchoOptions) {
		this.#options = options;
	}

	/**
	 * A copy of `text` from legacy host `source` came in by `way` (a bridge's
	 * key, or "direct"). True if it is a new line to show, false if an echo.
	 */
	admit(source: string, text: string, way: string, now: number): boolean {
		this.#prune(now);
		const id = `${source}\n${text}`;
		let counts = this.#lines.get(id);
		if (counts && this.#full(counts, way)) {
			// Far more bridges than a real legacy host has: an echo, neither
			// counted nor keeping the line's counts alive.
			return false;
		}

		if (counts) {
			// Re-inserted so the map stays ordered by expiry.
			this.#lines.delete(id);
		} else {
			counts = {perWay: new Map(), shown: 0, expires: 0};
		}

		counts.expires = now + this.#options.windowMs;
		this.#lines.set(id, counts);

		const copies = (counts.perWay.get(way) ?? 0) + 1;
		counts.perWay.set(way, copies);
		if (this.#lines.size > this.#options.maxLines) {
			this.#lines.delete(this.#lines.keys().next().value!);
		}

		if (copies <= counts.shown) return false;
		counts.shown = copies;
		return true;
	}

	/**
	 * Whether a new bridge way would go over the cap. The legacy host's own
	 * copy (`direct`) always counts, however many bridges tried to fill
	 * the line's ways first.
	 */
	#full(counts: Counts, way: string): boolean {
		if (way === directWay || counts.perWay.has(way)) return false;
		const bridges = counts.perWay.size - (counts.perWay.has(directWay) ? 1 : 0);
		return bridges >= this.#options.maxWays;
	}

	#prune(now: number): void {
		for (const [id, counts] of this.#lines) {
			if (counts.expires > now) return;
			this.#lines.delete(id);
		}
	}
}
