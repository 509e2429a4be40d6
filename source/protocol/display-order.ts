/**
 * One display order on every screen (issue 11): lines sort by their
 * author's clock, then by author key, then by the author's sequence number,
 * so two nodes that hold the same lines show them the same way, whatever
 * order the lines arrived in. The message id breaks what is left of a tie
 * (two lines one author signed with one sequence number, or two plain
 * lines in one millisecond), so the order is total.
 *
 * A clock far ahead would keep a line at the bottom of every screen until
 * that time came; a line timestamped more than `maxClockSkewMs` after it
 * was received is placed at when it was received instead. That is the same
 * bound live intake holds a line's clock to, so the clamp never moves a
 * line that intake accepted: the store's order (by author time) and the
 * screen's agree for every line that came live.
 */
import {maxClockSkewMs} from './limits.js';

/** Where a line sits in the display order. */
export type DisplayKey = {
	/** The author's clock (ms), clamped (`displayTime`). */
	readonly time: number;
	/** The signer's key in hex; `''` for a line nobody signed and for a notice. */
	readonly author: string;
	/** The author's sequence number; -1 for none. */
	readonly seq: number;
	/** The message id; `''` for a notice, which has none. */
	readonly id: string;
};

/** The time a line is ordered by: its author's, unless too far ahead of its receipt. */
export function displayTime(authorTime: number, receivedAt: number): number {
	return authorTime > receivedAt + maxClockSkewMs ? receivedAt : authorTime;
}

/** Negative when `a` comes first, positive when `b` does, 0 for the same place. */
export function compareKeys(a: DisplayKey, b: DisplayKey): number {
	return (
		a.time - b.time ||
		compareText(a.author, b.author) ||
		a.seq - b.seq ||
		compareText(a.id, b.id)
	);
}

/** By code unit, as SQLite compares text (not by locale). */
function compareText(a: string, b: string): number {
	if (a === b) return 0;
	return a < b ? -1 : 1;
}
