/**
 * Acknowledgements of this node's own lines (docs/PROTOCOL.md §5a):
 * positive acknowledgement with a deadline, hop by hop, as in TCP's or
 * any ARQ scheme's sender side, but with no retransmission (a line that
 * is not confirmed is reported to the user, not sent again: resending
 * could show it twice, and catch-up is the history issue's job). For each
 * line it remembers the links it was written to, and settles it (one
 * `line-settled` outcome) once each of them has acknowledged it, closed,
 * or let the deadline pass. Links whose peers predate ACK are listed as
 * such, never as confirmed.
 *
 * Sans-IO: `now` comes from the caller, and the deadline is checked at
 * the membership's regular ticks (every `tickMs`), so it needs no timer of
 * its own. Bounded: at most `maxAwaiting` lines wait at once.
 */
import type {CoreEffect, LineOutcome, UnconfirmedReason} from './core-types.js';
import type {PeerKey} from './flood.js';

type Settled = Extract<CoreEffect, {type: 'line-settled'}>;

/** One line still waiting for some of its links. */
type Awaiting = {
	readonly seq: number;
	readonly sentAt: number;
	readonly waiting: Set<PeerKey>;
	readonly confirmed: PeerKey[];
	readonly unconfirmed: Array<{key: PeerKey; reason: UnconfirmedReason}>;
	readonly unacknowledging: readonly PeerKey[];
};

export type OwnLinesOptions = {
	readonly timeoutMs: number;
	readonly maxAwaiting: number;
};

export class OwnLines {
	readonly #options: OwnLinesOptions;
	/** By `seq`, in the order they were sent (so the oldest come first). */
	readonly #awaiting = new Map<number, Awaiting>();
	/** Links whose peers acknowledge lines (their HELLO said so). */
	readonly #acking = new Set<PeerKey>();

	constructor(options: OwnLinesOptions) {
		this.#options = options;
	}

	/** Lines waiting for an acknowledgement now. */
	get size(): number {
		return this.#awaiting.size;
	}

	/** Whether the peer on the link to `key` reads ACK frames. */
	acknowledges(key: PeerKey): boolean {
		return this.#acking.has(key);
	}

	linkUp(key: PeerKey, acks: boolean): void {
		if (acks) this.#acking.add(key);
		else this.#acking.delete(key);
	}

	/** What was written to `key` and not acknowledged may never arrive. */
	linkDown(key: PeerKey): Settled[] {
		this.#acking.delete(key);
		const settled: Settled[] = [];
		for (const line of this.#awaiting.values()) {
			if (!line.waiting.delete(key)) continue;
			line.unconfirmed.push({key, reason: 'link-closed'});
			if (line.waiting.size === 0) settled.push(this.#settle(line));
		}

		return settled;
	}

	/** Our line `seq` was written to the links to `sentTo` at `now`. */
	sent(seq: number, sentTo: readonly PeerKey[], now: number): Settled[] {
		const line: Awaiting = {
			seq,
			sentAt: now,
			waiting: new Set(sentTo.filter((key) => this.#acking.has(key))),
			confirmed: [],
			unconfirmed: [],
			unacknowledging: sentTo.filter((key) => !this.#acking.has(key)),
		};
		// Nothing to wait for (no links, or only older peers): settled now.
		if (line.waiting.size === 0) return [this.#settle(line)];
		this.#awaiting.set(seq, line);
		const settled: Settled[] = [];
		// Past the bound the oldest is given up: memory stays bounded, and
		// the user hears "not confirmed" rather than nothing.
		for (const oldest of this.#awaiting.values()) {
			if (this.#awaiting.size <= this.#options.maxAwaiting) break;
			settled.push(this.#giveUp(oldest, 'overflow'));
		}

		return settled;
	}

	/** `from` has our lines `seqs`. Unknown ones (late, or made up) change nothing. */
	acked(from: PeerKey, seqs: readonly number[]): Settled[] {
		const settled: Settled[] = [];
		for (const seq of seqs) {
			const line = this.#awaiting.get(seq);
			if (!line?.waiting.delete(from)) continue;
			line.confirmed.push(from);
			if (line.waiting.size === 0) settled.push(this.#settle(line));
		}

		return settled;
	}

	/** Give up the lines whose deadline has passed (called at every tick). */
	expire(now: number): Settled[] {
		const {timeoutMs} = this.#options;
		const settled: Settled[] = [];
		for (const line of this.#awaiting.values()) {
			// Sent in order, so the first one still in time ends the sweep.
			// A line "sent" after `now` means the clock went back: give it
			// up too rather than wait for the clock to catch up.
			if (now - line.sentAt < timeoutMs && line.sentAt <= now) break;
			settled.push(this.#giveUp(line, 'timeout'));
		}

		return settled;
	}

	/** Leaving: nothing more will be confirmed. */
	stop(): Settled[] {
		return [...this.#awaiting.values()].map((line) =>
			this.#giveUp(line, 'stopped'),
		);
	}

	#giveUp(line: Awaiting, reason: UnconfirmedReason): Settled {
		for (const key of line.waiting) line.unconfirmed.push({key, reason});
		line.waiting.clear();
		return this.#settle(line);
	}

	#settle(line: Awaiting): Settled {
		this.#awaiting.delete(line.seq);
		const outcome: LineOutcome = {
			seq: line.seq,
			confirmed: line.confirmed,
			unconfirmed: line.unconfirmed,
			unacknowledging: line.unacknowledging,
		};
		return {type: 'line-settled', outcome};
	}
}
