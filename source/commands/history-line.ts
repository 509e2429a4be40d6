/**
 * What `/history` says: how many lines the node keeps, since when, and in
 * which file; or that it keeps none, and why that can be.
 */
import type {HistorySummary} from '../service/types.js';
import {formatClock} from '../view/format.js';

export function historyLine(summary: HistorySummary | undefined): string {
	if (summary === undefined) {
		return 'No history is kept (--no-history, or a node on --port 0 without --data-dir).';
	}

	const {count, since, file} = summary;
	const lines = count === 1 ? '1 line' : `${count} lines`;
	const from =
		since === undefined
			? ''
			: `, since ${localDate(since)} ${formatClock(since)}`;
	return `${lines} kept${from}, in ${file} (p2p-chat history prints them).`;
}

/** `2026-12-02`, in local time like the clock beside it. */
function localDate(epochMs: number): string {
	const date = new Date(epochMs);
	const month = String(date.getMonth() + 1).padStart(2, '0');
	const day = String(date.getDate()).padStart(2, '0');
	return `${date.getFullYear()}-${month}-${day}`;
}
