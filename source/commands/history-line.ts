/**
 * What `/history` says: how many lines the node keeps, since when, and in
 * which file; or that it keeps none, and why that can be.
 */
import type {HistorySummary} from '../service/types.js';
import {formatClock, formatDate} from '../view/format.js';

/** Why a node can keep nothing. */
export const noHistory =
	'No history is kept (--no-history, or a node on --port 0 without --data-dir).';

export function historyLine(summary: HistorySummary | undefined): string {
	if (summary === undefined) return noHistory;

	const {count, since, file} = summary;
	const lines = count === 1 ? '1 line' : `${count} lines`;
	const from =
		since === undefined
			? ''
			: `, since ${formatDate(since)} ${formatClock(since)}`;
	return `${lines} kept${from}, in ${file} (p2p-chat history prints them).`;
}
