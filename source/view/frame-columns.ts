/**
 * One inspector row as text, in fixed columns: time, direction, link, type,
 * size, hops, signature, verdict, then who made it and what it holds. Pure,
 * so the pane only draws the cells and tests read them as plain text.
 */
import type {FrameRow} from '../service/inspector-types.js';
import {formatClock} from './format.js';
import {sanitizeLabel, textWidth, truncateText} from './wrap-text.js';

/** Column widths in cells, in order (the last column takes the rest). */
const columns = {
	time: 8,
	direction: 3,
	link: 16,
	type: 8,
	bytes: 6,
	hops: 4,
	signature: 3,
	verdict: 9,
} as const;

/** The heading above the rows. */
export const frameHeading = [
	fit('time', columns.time),
	fit('dir', columns.direction),
	fit('link', columns.link),
	fit('type', columns.type),
	fit('bytes', columns.bytes, 'right'),
	fit('hops', columns.hops, 'right'),
	fit('sig', columns.signature),
	fit('verdict', columns.verdict),
	'from · what',
].join(' ');

/** What each signature result is shown as: checked and good, bad, not checked. */
const signatureMarks: Record<NonNullable<FrameRow['signature']>, string> = {
	valid: 'ok',
	invalid: 'BAD',
	unchecked: '-',
};

/** The row's cells as one line (the pane cuts it to its width). */
export function frameLine(row: FrameRow): string {
	// Who made a line or announcement tells who relays for whom; a link's
	// own frames (HELLO, ACK, SYNC) are made by whoever is at that end.
	const carried = !['HELLO', 'ACK', 'SYNC'].includes(row.type);
	const from =
		carried && row.origin !== undefined && row.origin !== row.link
			? `by ${sanitizeLabel(row.origin)}`
			: undefined;
	const rest = [
		from,
		row.reason === undefined ? undefined : `(${row.reason})`,
		row.detail === '' ? undefined : sanitizeLabel(row.detail),
	].filter((part) => part !== undefined);
	return [
		fit(formatClock(row.time), columns.time),
		fit(row.direction, columns.direction),
		fit(sanitizeLabel(row.link), columns.link),
		fit(row.type, columns.type),
		fit(String(row.bytes), columns.bytes, 'right'),
		fit(row.hops === undefined ? '?' : String(row.hops), columns.hops, 'right'),
		fit(row.signature ? signatureMarks[row.signature] : '', columns.signature),
		fit(row.verdict, columns.verdict),
		rest.join(' '),
	].join(' ');
}

/** `text` cut or padded to exactly `cells` cells. */
function fit(
	text: string,
	cells: number,
	align: 'left' | 'right' = 'left',
): string {
	const cut = truncateText(text, cells);
	const padding = ' '.repeat(Math.max(0, cells - textWidth(cut)));
	return align === 'left' ? cut + padding : padding + cut;
}
