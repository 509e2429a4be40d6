/**
 * Range-based set reconciliation (Meyer, "Range-Based Set Reconciliation",
 * 2023; the scheme Negentropy and strfry use): two peers learn which signed
 * lines each lacks, at a cost that follows the difference, not the set.
 *
 * A SYNC message cuts the window into ranges that follow one another, each
 * with an upper bound and one of: nothing to do (`skip`), a fingerprint of
 * the sender's lines in it, the sender's ids in it (it has few), or the
 * ids the receiver lacks there (`offer`). The receiver answers each range:
 * an equal fingerprint is done; a different one is split in sixteen, or
 * answered with its own ids when it holds few; ids are answered with an
 * offer of what the sender lacks; an offer is answered by asking for the
 * lines (`want`). Two peers in sync exchange one fingerprint; a difference
 * of d lines in a set of n takes O(log n) rounds and O(d log n) bytes.
 *
 * Stateless: a reply depends only on the message and the set, so two
 * sessions may cross and a lost message only ends a round early (the next
 * sync picks it up). Pure: `now` is the caller's.
 */
import {
	boundBetween,
	compareBounds,
	fingerprintOf,
	infinity,
	type Bound,
	type Fingerprint,
	type HeldItem,
	type SyncSet,
} from './sync-set.js';

/** One range of a SYNC message: it starts where the one before ended. */
export type SyncRange =
	| {readonly upper: Bound; readonly mode: 'skip'}
	| {
			readonly upper: Bound;
			readonly mode: 'fingerprint';
			readonly fingerprint: Fingerprint;
	  }
	/** Every id the sender holds in the range: answer with what it lacks. */
	| {readonly upper: Bound; readonly mode: 'ids'; readonly ids: string[]}
	/** Ids the receiver lacks in the range: ask for the ones you want. */
	| {readonly upper: Bound; readonly mode: 'offer'; readonly ids: string[]};

/** One SYNC frame's content. */
export type SyncMessage = {
	/** Where the sender's window starts (ms): the first range starts here. */
	readonly since: number;
	/** Empty when the message only asks for lines. */
	readonly ranges: readonly SyncRange[];
	/** Ids of lines the sender asks the receiver to send (as SYNCED frames). */
	readonly want: readonly string[];
};

export type ReconcileLimits = {
	/** A range holding this many of our ids or fewer is answered with them. */
	readonly idListMax: number;
	/** Parts a mismatched range is split into. */
	readonly branches: number;
	/** Bytes a reply's ranges may take (a frame is at most 64 KiB). */
	readonly maxBytes: number;
};

export const defaultReconcileLimits: ReconcileLimits = {
	idListMax: 32,
	branches: 16,
	maxBytes: 48 * 1024,
};

/** The first message of a sync: one fingerprint over the whole window. */
export function openSync(set: SyncSet, now: number): SyncMessage {
	const since = set.since(now);
	const items = set.range({time: since, prefix: ''}, infinity);
	return {
		since,
		ranges: [
			{upper: infinity, mode: 'fingerprint', fingerprint: fingerprintOf(items)},
		],
		want: [],
	};
}

/** What a received SYNC message calls for. */
export type ReconcileOutcome = {
	/** The answer's ranges (none when every range is settled). */
	readonly reply: SyncRange[];
	/** The window the answer uses (the later of the two sides'). */
	readonly since: number;
	/** Ids offered to us that we lack: ask for them. */
	readonly lacking: string[];
};

/** Answer the ranges of `message` from `set`. */
export function reconcile(
	set: SyncSet,
	message: SyncMessage,
	now: number,
	limits: ReconcileLimits = defaultReconcileLimits,
): ReconcileOutcome {
	const since = Math.max(message.since, set.since(now));
	const start: Bound = {time: since, prefix: ''};
	const reply = new ReplyBuilder(set, start, limits.maxBytes);
	const lacking: string[] = [];
	let lower = start;
	for (const range of message.ranges) {
		// Ranges below our window are not ours to settle; the sender adopts our `since`.
		if (compareBounds(range.upper, lower) <= 0) continue;
		const items = set.range(lower, range.upper);
		if (reply.full) break;
		switch (range.mode) {
			case 'skip': {
				reply.skip(range.upper);
				break;
			}

			case 'fingerprint': {
				answerFingerprint(reply, items, range, limits);
				break;
			}

			case 'ids': {
				const theirs = new Set(range.ids);
				for (const id of range.ids) if (!set.has(id)) lacking.push(id);
				const missing = items.filter((item) => !theirs.has(item.id));
				if (missing.length === 0) reply.skip(range.upper);
				else reply.offer(range.upper, missing);
				break;
			}

			case 'offer': {
				for (const id of range.ids) if (!set.has(id)) lacking.push(id);
				reply.skip(range.upper);
				break;
			}
		}

		lower = range.upper;
	}

	return {reply: reply.finish(), since, lacking};
}

function answerFingerprint(
	reply: ReplyBuilder,
	items: readonly HeldItem[],
	range: Extract<SyncRange, {mode: 'fingerprint'}>,
	limits: ReconcileLimits,
): void {
	const ours = fingerprintOf(items);
	if (
		ours.count === range.fingerprint.count &&
		ours.sum === range.fingerprint.sum
	) {
		reply.skip(range.upper);
		return;
	}

	if (items.length <= limits.idListMax) {
		reply.ids(range.upper, items);
		return;
	}

	// Split in `branches` parts of (nearly) equal count, each fingerprinted.
	const size = Math.ceil(items.length / limits.branches);
	for (let start = 0; start < items.length; start += size) {
		const part = items.slice(start, start + size);
		const last = part.at(-1);
		const next = items[start + size];
		reply.fingerprint(
			next && last ? boundBetween(last, next) : range.upper,
			fingerprintOf(part),
		);
	}
}

/** Bytes a bound, a fingerprint and an id take on the wire, at most. */
const boundBytes = 9 + 1 + 32;
const rangeBytes = boundBytes + 1 + 16 + 9;
const idBytes = 32;

/**
 * Builds a reply within a byte budget. Runs of `skip` merge into one; once
 * the budget is spent, everything from there to the end becomes one
 * fingerprint, which the next round picks up.
 */
class ReplyBuilder {
	readonly #set: SyncSet;
	readonly #maxBytes: number;
	readonly #ranges: SyncRange[] = [];
	#bytes = 0;
	#full = false;
	/** Where the ranges written so far end. */
	#end: Bound;

	constructor(set: SyncSet, start: Bound, maxBytes: number) {
		this.#set = set;
		this.#end = start;
		this.#maxBytes = maxBytes;
	}

	get full(): boolean {
		return this.#full;
	}

	skip(upper: Bound): void {
		const last = this.#ranges.at(-1);
		if (last?.mode === 'skip') this.#ranges.pop();
		else this.#bytes += boundBytes + 1;
		this.#push({upper, mode: 'skip'});
	}

	fingerprint(upper: Bound, fingerprint: Fingerprint): void {
		if (this.#room(rangeBytes)) {
			this.#push({upper, mode: 'fingerprint', fingerprint});
		}
	}

	ids(upper: Bound, items: readonly HeldItem[]): void {
		if (this.#room(rangeBytes + items.length * idBytes)) {
			this.#push({upper, mode: 'ids', ids: items.map((item) => item.id)});
		}
	}

	/** Offer `items` (the range up to `upper`); as many as fit, the rest next round. */
	offer(upper: Bound, items: readonly HeldItem[]): void {
		const fit = Math.floor(
			(this.#maxBytes - this.#bytes - 2 * rangeBytes) / idBytes,
		);
		if (fit >= items.length) {
			this.#room(rangeBytes + items.length * idBytes);
			this.#push({upper, mode: 'offer', ids: items.map((item) => item.id)});
			return;
		}

		if (fit <= 0) {
			this.#room(Number.POSITIVE_INFINITY);
			return;
		}

		// Offer the first `fit`, up to the bound before the next one.
		const last = items[fit - 1];
		const next = items[fit];
		if (!last || !next) return;
		const cut = boundBetween(last, next);
		this.#bytes += rangeBytes + fit * idBytes;
		this.#push({
			upper: cut,
			mode: 'offer',
			ids: items.slice(0, fit).map((item) => item.id),
		});
		this.#full = true;
	}

	/** The reply: empty when every range was settled (nothing left to say). */
	finish(): SyncRange[] {
		if (this.#full) {
			const rest = this.#set.range(this.#end, infinity);
			this.#ranges.push({
				upper: infinity,
				mode: 'fingerprint',
				fingerprint: fingerprintOf(rest),
			});
		}

		return this.#ranges.every((range) => range.mode === 'skip')
			? []
			: this.#ranges;
	}

	#push(range: SyncRange): void {
		this.#ranges.push(range);
		this.#end = range.upper;
	}

	/** Whether `bytes` more fit; if not, the reply is full from here. */
	#room(bytes: number): boolean {
		if (this.#full || this.#bytes + bytes > this.#maxBytes) {
			this.#full = true;
			return false;
		}

		this.#bytes += bytes;
		return true;
	}
}
