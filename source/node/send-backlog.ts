/**
 * How much a link has written that its peer has not taken yet, and when
 * that means the peer is too slow: a backlog over `backlogBytes` must clear
 * within `slowPeerMs`, and `maxBufferedBytes` is a hard cap. A burst (a
 * paste) may pass the first for a moment; a peer that does not read keeps
 * it, and is dropped rather than grow our memory without bound.
 */
export {SendLag} from './send-lag.js';

export type BacklogLimits = {
	readonly maxBufferedBytes: number;
	readonly backlogBytes: number;
	readonly slowPeerMs: number;
};

export class SendBacklog {
	readonly #limits: BacklogLimits;
	readonly #waitingBytes: () => number;
	readonly #tooSlow: () => void;
	#timer: NodeJS.Timeout | undefined;

	/** `waitingBytes` counts what waits; `tooSlow` closes the link. */
	constructor(
		limits: BacklogLimits,
		waitingBytes: () => number,
		tooSlow: () => void,
	) {
		this.#limits = limits;
		this.#waitingBytes = waitingBytes;
		this.#tooSlow = tooSlow;
	}

	/** Before a write: false (and the peer dropped) if it may not happen. */
	admit(): boolean {
		const waiting = this.#waitingBytes();
		if (waiting > this.#limits.maxBufferedBytes) {
			this.#tooSlow();
			return false;
		}

		if (waiting > this.#limits.backlogBytes) this.#watch();
		return true;
	}

	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	/** Drop the peer if the backlog is still there after `slowPeerMs`. */
	#watch(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			if (this.#waitingBytes() > this.#limits.backlogBytes) this.#tooSlow();
		}, this.#limits.slowPeerMs);
		this.#timer.unref();
	}
}
