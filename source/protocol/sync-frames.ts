/**
 * The catch-up frames (docs/PROTOCOL.md §5b): SYNC (type 6) carries one
 * reconciliation message (`reconcile.ts`), SYNCED (type 7) one line asked
 * for, as the whole native frame it travelled in (a CHAT or BRIDGED
 * frame, signature included), so a node serves a line from its store
 * without re-encoding it.
 *
 *   SYNC   := since:uint ranges:uint range* wants:uint id32*
 *   range  := time:uint prefix:buffer(0..32) mode:uint8 body
 *   body   := (mode 0, skip) nothing
 *           | (mode 1, fingerprint) sum:fixed16 count:uint
 *           | (mode 2, ids; mode 3, offer) n:uint id32*
 *   SYNCED := frame:buffer
 */
import c from 'compact-encoding';
import {GossipDecodeError} from './gossip-frames.js';
import {hexOf, keyBytes} from './peer-key.js';
import type {SyncMessage, SyncRange} from './reconcile.js';
import {compareBounds, type Bound} from './sync-set.js';

/** Ranges one SYNC may carry (a reply of 48 KiB holds at most ~1,000). */
export const maxSyncRanges = 2048;

/** Ids one SYNC may carry in all (32 bytes each, under the 64 KiB frame limit). */
export const maxSyncIds = 2000;

export type SyncFrame = {readonly type: 'sync'; readonly message: SyncMessage};

/** A line asked for, as the encoded CHAT or BRIDGED frame it is stored as. */
export type SyncedFrame = {readonly type: 'synced'; readonly frame: Uint8Array};

const modes = ['skip', 'fingerprint', 'ids', 'offer'] as const;

function refuse(detail: string): never {
	throw new GossipDecodeError(detail);
}

const id32 = {
	preencode(state: c.State, id: string) {
		c.fixed32.preencode(state, keyBytes(id));
	},
	encode(state: c.State, id: string) {
		c.fixed32.encode(state, keyBytes(id));
	},
	decode(state: c.State): string {
		return hexOf(c.fixed32.decode(state));
	},
};

function idsEncoding(counted: {ids: number}) {
	return {
		preencode(state: c.State, ids: readonly string[]) {
			c.uint.preencode(state, ids.length);
			state.end += ids.length * 32;
		},
		encode(state: c.State, ids: readonly string[]) {
			c.uint.encode(state, ids.length);
			for (const id of ids) id32.encode(state, id);
		},
		decode(state: c.State): string[] {
			const count = c.uint.decode(state);
			counted.ids += count;
			// Checked before reading: a count cannot make the decoder loop for long.
			if (counted.ids > maxSyncIds) refuse(`a SYNC of over ${maxSyncIds} ids`);
			const ids: string[] = [];
			for (let index = 0; index < count; index++) ids.push(id32.decode(state));
			return ids;
		},
	};
}

const boundEncoding = {
	preencode(state: c.State, bound: Bound) {
		c.uint.preencode(state, bound.time);
		c.buffer.preencode(state, keyBytes(bound.prefix));
	},
	encode(state: c.State, bound: Bound) {
		c.uint.encode(state, bound.time);
		c.buffer.encode(state, keyBytes(bound.prefix));
	},
	decode(state: c.State): Bound {
		const time = c.uint.decode(state);
		const prefix = c.buffer.decode(state) ?? new Uint8Array(0);
		if (prefix.length > 32) refuse('a bound with a prefix over 32 bytes');
		return {time, prefix: hexOf(prefix)};
	},
};

function rangeEncoding(counted: {ids: number}) {
	const ids = idsEncoding(counted);
	return {
		preencode(state: c.State, range: SyncRange) {
			boundEncoding.preencode(state, range.upper);
			state.end++;
			if (range.mode === 'fingerprint') {
				state.end += 16;
				c.uint.preencode(state, range.fingerprint.count);
			} else if (range.mode !== 'skip') {
				ids.preencode(state, range.ids);
			}
		},
		encode(state: c.State, range: SyncRange) {
			boundEncoding.encode(state, range.upper);
			c.uint8.encode(state, modes.indexOf(range.mode));
			if (range.mode === 'fingerprint') {
				c.fixed(16).encode(state, keyBytes(range.fingerprint.sum));
				c.uint.encode(state, range.fingerprint.count);
			} else if (range.mode !== 'skip') {
				ids.encode(state, range.ids);
			}
		},
		decode(state: c.State): SyncRange {
			const upper = boundEncoding.decode(state);
			const mode = modes[c.uint8.decode(state)];
			if (mode === undefined) refuse('a SYNC range of an unknown mode');
			if (mode === 'skip') return {upper, mode};
			if (mode === 'fingerprint') {
				const sum = hexOf(c.fixed(16).decode(state));
				return {upper, mode, fingerprint: {sum, count: c.uint.decode(state)}};
			}

			return {upper, mode, ids: ids.decode(state)};
		},
	};
}

export const syncEncoding = {
	preencode(state: c.State, {message}: SyncFrame) {
		const ranges = rangeEncoding({ids: 0});
		c.uint.preencode(state, message.since);
		c.uint.preencode(state, message.ranges.length);
		for (const range of message.ranges) ranges.preencode(state, range);
		idsEncoding({ids: 0}).preencode(state, message.want);
	},
	encode(state: c.State, {message}: SyncFrame) {
		const ranges = rangeEncoding({ids: 0});
		c.uint.encode(state, message.since);
		c.uint.encode(state, message.ranges.length);
		for (const range of message.ranges) ranges.encode(state, range);
		idsEncoding({ids: 0}).encode(state, message.want);
	},
	decode(state: c.State): SyncFrame {
		const counted = {ids: 0};
		const ranges = rangeEncoding(counted);
		const since = c.uint.decode(state);
		const count = c.uint.decode(state);
		if (count > maxSyncRanges) refuse(`a SYNC of over ${maxSyncRanges} ranges`);
		const decoded: SyncRange[] = [];
		for (let index = 0; index < count; index++) {
			const range = ranges.decode(state);
			const previous = decoded.at(-1);
			// Ranges follow one another: an upper bound below the last makes no sense.
			if (previous && compareBounds(range.upper, previous.upper) <= 0) {
				refuse('SYNC ranges out of order');
			}

			decoded.push(range);
		}

		const want = idsEncoding(counted).decode(state);
		return {type: 'sync', message: {since, ranges: decoded, want}};
	},
};

export const syncedEncoding = {
	preencode(state: c.State, frame: SyncedFrame) {
		c.buffer.preencode(state, frame.frame);
	},
	encode(state: c.State, frame: SyncedFrame) {
		c.buffer.encode(state, frame.frame);
	},
	decode(state: c.State): SyncedFrame {
		const frame = c.buffer.decode(state);
		if (!frame) return refuse('an empty SYNCED frame');
		return {type: 'synced', frame};
	},
};
