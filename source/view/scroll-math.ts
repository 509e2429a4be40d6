/**
 * Pure index arithmetic for the message pane's scrollback. Entries are
 * sorted by `id` (ids only grow), heights come from a `measure` callback, and
 * every walk stops once the pane is full, so the cost is proportional to what
 * is visible, never to the length of the log.
 */
import type {ChatEntry} from '../service/types.js';

/** Rows an entry takes on screen. */
export type Measure = (entry: ChatEntry) => number;

/** Index of the first entry whose id is `>= id` (`entries.length` if none). */
export function lowerBound(entries: readonly ChatEntry[], id: number): number {
	let low = 0;
	let high = entries.length;
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		if ((entries[middle]?.id ?? Infinity) < id) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/** How many entries have an id greater than `id`. */
export function countAfter(entries: readonly ChatEntry[], id: number): number {
	return entries.length - lowerBound(entries, id + 1);
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
