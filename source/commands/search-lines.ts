/**
 * What `/search` says: the newest stored lines that contain the text, one
 * numbered notice each (when, who, what, cut to one row), so `/jump N` can
 * name one; or that nothing matched, or that no history is kept.
 */
import type {SearchHit} from '../service/types.js';
import {labelText, senderLabel, shownText} from '../view/entry-layout.js';
import {formatClock, formatDate} from '../view/format.js';
import {sanitizeLabel, truncateText} from '../view/wrap-text.js';
import {noHistory} from './history-line.js';

/** Cells of a result's text: enough to recognise it, one row on most screens. */
const textCells = 60;

export function searchLines(
	text: string,
	hits: readonly SearchHit[] | undefined,
): string[] {
	if (hits === undefined) return [`${noHistory} Nothing to search.`];
	const quoted = `"${truncateText(sanitizeLabel(text), textCells)}"`;
	if (hits.length === 0) return [`No stored line contains ${quoted}.`];
	const count = hits.length === 1 ? '1 line' : `${hits.length} lines`;
	return [
		`${count} with ${quoted}, newest last (/jump N shows one):`,
		...hits.map((hit, index) => `${index + 1}. ${hitLine(hit)}`),
	];
}

/** `2026-12-02 13:31:44 <bob·1a2b3c4d> the text…` */
function hitLine(hit: SearchHit): string {
	const entry = {...hit, id: 0};
	const who = labelText(senderLabel(entry, true));
	const words = sanitizeLabel(shownText(entry).replaceAll(/\s+/gv, ' '));
	return `${formatDate(hit.time)} ${formatClock(hit.time)} ${who} ${truncateText(words, textCells)}`;
}
