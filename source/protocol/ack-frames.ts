/**
 * The ACK frame (docs/PROTOCOL.md §5a, type 5): a receiver tells the author
 * of chat lines that it has them. It names lines by their `seq` only: an
 * ACK travels back over the link the lines came in on, and only lines the
 * peer at the other end wrote itself are acknowledged, so the author (the
 * link's peer, proved by the handshake) and its `seq` name one line (an
 * author's `seq` never repeats). Many lines are acknowledged in one frame
 * (the runtime gathers a turn's worth), so acknowledgements cost about 9
 * bytes a line, not a frame a line.
 */
import c from 'compact-encoding';
import {GossipDecodeError} from './gossip-frames.js';

/**
 * Sequence numbers one ACK frame may carry: 9 bytes each at most, so a
 * full frame (about 37 KB) stays well under the 64 KiB frame limit.
 */
export const maxAckedPerFrame = 4096;

/** "I have these lines of yours": the `seq` of each. */
export type AckFrame = {
	readonly type: 'ack';
	readonly seqs: readonly number[];
};

export const ackEncoding = {
	preencode(state: c.State, m: AckFrame) {
		c.uint.preencode(state, m.seqs.length);
		for (const seq of m.seqs) c.uint.preencode(state, seq);
	},
	encode(state: c.State, m: AckFrame) {
		c.uint.encode(state, m.seqs.length);
		for (const seq of m.seqs) c.uint.encode(state, seq);
	},
	decode(state: c.State): AckFrame {
		const count = c.uint.decode(state);
		// Checked before reading: a count cannot make the decoder loop for long.
		if (count === 0 || count > maxAckedPerFrame) {
			throw new GossipDecodeError(
				`an ACK of ${count} lines (1 to ${maxAckedPerFrame})`,
			);
		}

		const seqs: number[] = [];
		for (let index = 0; index < count; index++) seqs.push(c.uint.decode(state));
		return {type: 'ack', seqs};
	},
};
