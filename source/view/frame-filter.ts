/**
 * The inspector's filter (`/inspect bob chat`): each word must name the
 * frame's direction (`in`, `out`), its type (`chat`, `ack`, ...) or its
 * verdict (`new`, `duplicate`, `dropped`, ...), or be part of the
 * `nick·fingerprint` of its link or of whoever made what it carries. Words
 * are matched without regard to case; all of them must match.
 */
import type {FrameRow} from '../service/inspector-types.js';

export function matchesFilter(row: FrameRow, filter: string): boolean {
	const words = filter.toLowerCase().split(/\s+/v).filter(Boolean);
	if (words.length === 0) return true;
	const names = new Set([row.direction, row.type.toLowerCase(), row.verdict]);
	const labels = [row.link, row.origin ?? ''].map((label) =>
		label.toLowerCase(),
	);
	return words.every(
		(word) => names.has(word) || labels.some((label) => label.includes(word)),
	);
}

/** The newest `count` frames of `frames` (oldest first) that match `filter`. */
export function newestMatching(
	frames: readonly FrameRow[],
	filter: string,
	count: number,
): FrameRow[] {
	const shown: FrameRow[] = [];
	for (
		let index = frames.length - 1;
		index >= 0 && shown.length < count;
		index--
	) {
		const row = frames[index]!;
		if (matchesFilter(row, filter)) shown.push(row);
	}

	return shown.toReversed();
}
