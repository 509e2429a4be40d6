/**
 * Pure index arithmetic for the message pane's scrollback. Entries are in
 * display order (ids only grow, but a late line goes in its place), heights
 * come from a `measure` callback, and every walk stops once the pane is
 * full, so the cost is proportional to what is visible (or what changed),
 * never to the length of the log.
 */
import type {ChatEntry} from '../service/types.js';

/** Rows an entry takes on screen. */
export type Measure = (entry: ChatEntry) => number;

/**
 * The index of the entry with id `id`, or -1. Entries are in display order,
 * not by id (a line that comes late is put in its place, and lines paged in
 * from the history are numbered when read), so this searches outward from
 * `hint`, where it was last: lines put in or taken out above it move it by
 * as many places, and the walk costs that many steps.
 */
export function findId(
	entries: readonly ChatEntry[],
	id: number,
	hint: number,
): number {
	const start = Math.min(Math.max(0, hint), entries.length - 1);
	for (let step = 0; step <= entries.length; step++) {
		const below = start + step;
		const above = start - step;
		if (below >= entries.length && above < 0) break;
		if (entries[below]?.id === id) return below;
		if (step > 0 && entries[above]?.id === id) return above;
	}

	return -1;
}

/** The largest id among `entries[from..]`. */
export function newestId(entries: readonly ChatEntry[], from: number): number {
	let newest = 0;
	for (let index = Math.max(0, from); index < entries.length; index++) {
		newest = Math.max(newest, entries[index]?.id ?? 0);
	}

	return newest;
}

/**
 * How many entries at the end, below `bottom` and not before `first`, are
 * newer than `seenId`: the walk up from the end stops at the first entry
 * already there, so its cost is what arrived, not the length of the log.
 * (A late line put far up, among lines already there, is not counted.)
 */
export function countNewBelow(
	entries: readonly ChatEntry[],
	bottom: number,
	first: number,
	seenId: number,
): number {
	let count = 0;
	for (
		let index = entries.length - 1;
		index > bottom && index >= first;
		index--
	) {
		if ((entries[index]?.id ?? 0) <= seenId) break;
		count++;
	}

	return count;
}

/** Which entries the pane shows. */
export type VisibleRange = {
	readonly top: number;
	readonly bottom: number;
	/**
	 * The oldest entry is shown and the pane had room to spare below it, so
	 * the page is drawn from the top (the last entry may be clipped) rather
	 * than from the bottom.
	 */
	readonly alignTop: boolean;
};

/**
 * Walk up from `bottom` until `height` rows are filled. If the walk reaches
 * the oldest entry with room left, fill the rest from below `bottom`, so
 * that a page near the start of the log is never half empty.
 */
export function visibleRange(
	entries: readonly ChatEntry[],
	bottom: number,
	height: number,
	measure: Measure,
): VisibleRange {
	let used = 0;
	let top = bottom;
	for (let index = bottom; index >= 0 && used < height; index--) {
		used += measureAt(entries, index, measure);
		top = index;
	}

	if (top > 0 || used >= height) {
		return {top, bottom, alignTop: false};
	}

	let last = bottom;
	for (
		let index = bottom + 1;
		index < entries.length && used < height;
		index++
	) {
		used += measureAt(entries, index, measure);
		last = index;
	}

	return {top: 0, bottom: last, alignTop: last > bottom};
}

/**
 * The last entry that still fits entirely on a page starting at `top`
 * (at least `top` itself, however tall it is).
 */
export function lastFitting(
	entries: readonly ChatEntry[],
	top: number,
	height: number,
	measure: Measure,
): number {
	let used = 0;
	let bottom = top;
	for (let index = top; index < entries.length; index++) {
		used += measureAt(entries, index, measure);
		if (used > height && index > top) {
			break;
		}

		bottom = index;
		if (used >= height) {
			break;
		}
	}

	return bottom;
}

function measureAt(
	entries: readonly ChatEntry[],
	index: number,
	measure: Measure,
): number {
	const entry = entries[index];
	return entry === undefined ? 0 : measure(entry);
}
