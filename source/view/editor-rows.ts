/**
 * Break the draft in the input box into rows of a fixed width, the way a
 * terminal line editor wraps (at any character, never re-flowing words), and
 * keep only a window of rows around the cursor so that a huge paste cannot
 * take over the screen. A line break (only a paste of several lines has
 * them) starts a new row.
 */
import {charWidth} from './wrap-text.js';

/** One row of the draft; `cursor` is the cursor's offset in it, if there. */
export type EditorRow = {readonly text: string; readonly cursor?: number};

export function editorRows(
	value: string,
	cursor: number,
	width: number,
	maxRows: number,
): EditorRow[] {
	const limit = Math.max(1, width);
	// `broken`: the row ends at a line break (of a pasted text), so a
	// cursor just after its last character is on it, not on the next row.
	let current = {text: '', start: 0, broken: false};
	const rows = [current];
	let rowWidth = 0;
	let offset = 0;
	for (const char of value) {
		if (char === '\n') {
			current.broken = true;
			current = {text: '', start: offset + 1, broken: false};
			rows.push(current);
			rowWidth = 0;
			offset++;
			continue;
		}

		const cells = charWidth(char);
		if (rowWidth + cells > limit && rowWidth > 0) {
			current = {text: '', start: offset, broken: false};
			rows.push(current);
			rowWidth = 0;
		}

		current.text += char;
		rowWidth += cells;
		offset += char.length;
	}

	// The cursor after the last character needs a cell of its own.
	if (cursor >= value.length && rowWidth >= limit) {
		rows.push({text: '', start: value.length, broken: false});
	}

	let cursorRow = rows.length - 1;
	for (const [index, row] of rows.entries()) {
		const end = row.start + row.text.length;
		if (
			cursor >= row.start &&
			(cursor < end || (row.broken && cursor === end))
		) {
			cursorRow = index;
			break;
		}
	}

	const first = Math.max(
		0,
		Math.min(cursorRow - maxRows + 1, rows.length - maxRows),
	);
	return rows
		.slice(first, first + Math.max(1, maxRows))
		.map((row, index) =>
			first + index === cursorRow
				? {text: row.text, cursor: cursor - row.start}
				: {text: row.text},
		);
}
