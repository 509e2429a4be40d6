/**
 * When membership wakes up. Regular ticks come every `tickMs` (fill slots,
 * heal, sweep, refresh); after a link comes or goes an early tick comes
 * `announceDelayMs` later, only to announce it, so a new peer is not shown
 * offline while its link waits for both ends' announcements. Early ticks are
 * a token bucket: a burst while joining (a few links come up in a row), then
 * one per tick's length, so a peer that links and drops again and again
 * cannot make a node flood the mesh faster. Pure: `now` comes from the
 * caller, and the driver keeps one timer, so asking for an early tick
 * replaces the regular one, which the early tick sets again.
 */
import type {MeshConfig} from './mesh-config.js';

export class TickSchedule {
	readonly #config: MeshConfig;
	/** When the next regular tick is due. */
	#nextTickAt = Number.NEGATIVE_INFINITY;
	/** When the early tick asked for is due (undefined: none asked for). */
	#soonAt: number | undefined;
	/** Early ticks that may be had at once. */
	#tokens: number;
	/** When `#tokens` was last topped up. */
	#refill = 0;

	constructor(config: MeshConfig) {
		this.#config = config;
		this.#tokens = config.announceBurst;
	}

	/** When the next regular tick is due. */
	get nextTickAt(): number {
		return this.#nextTickAt;
	}

	/**
	 * A tick is running at `now`: whether it is the early one (only to
	 * announce) or a regular one (which sets the next).
	 */
	tick(now: number): 'early' | 'regular' {
		this.#soonAt = undefined;
		// A next tick more than a tick away means the clock went back: then
		// this is a regular tick, or filling and healing would wait for the
		// clock to catch up.
		if (
			now < this.#nextTickAt &&
			this.#nextTickAt - now <= this.#config.tickMs
		) {
			return 'early';
		}

		this.#nextTickAt = now + this.#config.tickMs;
		return 'regular';
	}

	/**
	 * A link came or went at `now`: when the early tick should run, or
	 * undefined when one is already asked for or the regular tick comes
	 * first anyway (and announces).
	 */
	soon(now: number): number | undefined {
		if (this.#soonAt !== undefined) return undefined;
		const {tickMs, announceBurst, announceDelayMs} = this.#config;
		// A clock that went back would stop the refill until it caught up.
		// (Borrowing below sets the refill up to a tick ahead, no further.)
		if (now < this.#refill - tickMs) {
			this.#refill = now;
			this.#tokens = announceBurst;
		}

		const earned = Math.floor((now - this.#refill) / tickMs);
		if (earned > 0) {
			this.#tokens = Math.min(announceBurst, this.#tokens + earned);
			this.#refill =
				this.#tokens === announceBurst ? now : this.#refill + earned * tickMs;
		}

		const at =
			this.#tokens >= 1
				? now + announceDelayMs
				: Math.max(now + announceDelayMs, this.#refill + tickMs);
		if (at >= this.#nextTickAt) return undefined;
		if (this.#tokens >= 1) this.#tokens--;
		else this.#refill += tickMs;
		this.#soonAt = at;
		return at;
	}
}
