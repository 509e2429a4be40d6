/**
 * The read marker: a line drawn above the first line that came after the
 * reader stopped reading (`AttentionView.marker` names it). It is drawn,
 * not logged, so the message pane puts it among the entries it scrolls
 * through here, as a notice of its own with a negative id: ids of logged
 * entries are positive, and the scrollback never counts it as new.
 */
import type {ChatEntry} from '../service/types.js';

/** What the marker says. */
export const readMarkerText = 'new since you stopped reading';

let made: ChatEntry | undefined;

/** The marker above the entry `beforeId` (the same object while it stays there). */
function markerBefore(entry: ChatEntry): ChatEntry {
	if (made?.id !== -entry.id) {
		made = Object.freeze({
			kind: 'notice',
			// Measured as a notice, drawn as a rule (`MarkerRule`): the
			// words alone, so it takes one row wherever they fit.
			text: readMarkerText,
			time: entry.time,
			id: -entry.id,
		});
	}

	return made;
}

/** Whether `entry` is the read marker. */
export function isReadMarker(entry: ChatEntry): boolean {
	return entry.id < 0;
}

/**
 * `entries` with the read marker above the entry `beforeId`; `entries`
 * itself when there is none. The search starts at the end, where the
 * marker nearly always is.
 */
export function withReadMarker(
	entries: readonly ChatEntry[],
	beforeId: number | undefined,
): readonly ChatEntry[] {
	if (beforeId === undefined) return entries;
	for (let index = entries.length - 1; index >= 0; index--) {
		const entry = entries[index];
		if (entry?.id === beforeId) {
			return [
				...entries.slice(0, index),
				markerBefore(entry),
				...entries.slice(index),
			];
		}
	}

	return entries;
}
