/**
 * Terminal cell widths and word wrapping for message lines. Ink wraps text by
 * itself, but Ink has no scroll region: the message pane must know how tall
 * each entry is before it renders, so it wraps here and hands Ink rows that
 * already fit. (Ink's own string-width/wrap-ansi are only transitive
 * dependencies, which the linter forbids importing.)
 */
import {isInvisible, isLineSeparator} from '../protocol/invisible-text.js';

// East Asian Wide / Fullwidth blocks and the emoji planes: two cells each.
const wideRanges: ReadonlyArray<readonly [number, number]> = [
	[0x11_00, 0x11_5f],
	[0x2e_80, 0x30_3e],
	[0x30_41, 0x33_ff],
	[0x34_00, 0x4d_bf],
	[0x4e_00, 0x9f_ff],
	[0xa0_00, 0xa4_cf],
	[0xac_00, 0xd7_a3],
	[0xf9_00, 0xfa_ff],
	[0xfe_30, 0xfe_4f],
	[0xff_00, 0xff_60],
	[0xff_e0, 0xff_e6],
	[0x1_f3_00, 0x1_f6_4f],
	[0x1_f9_00, 0x1_fa_ff],
	[0x2_00_00, 0x3_ff_fd],
];

const markPattern = /^\p{Mark}$/v;

/** Cells one character (a code point) takes in a typical terminal. */
export function charWidth(char: string): number {
	const code = char.codePointAt(0) ?? 0;
	if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
		return 0;
	}

	if ((code >= 0x20_0b && code <= 0x20_0f) || code === 0xfe_ff) {
		return 0;
	}

	if (markPattern.test(char)) {
		return 0;
	}

	for (const [low, high] of wideRanges) {
		if (code >= low && code <= high) {
			return 2;
		}
	}

	return 1;
}

/** Cells a string takes (no escape sequences expected: see `sanitize`). */
export function textWidth(text: string): number {
	let width = 0;
	for (const char of text) {
		width += charWidth(char);
	}

	return width;
}

/**
 * Make remote text safe to print: a peer must not be able to move the cursor,
 * change colours, clear our screen, reorder or hide text, so control
 * characters become U+FFFD and invisible ones (bidirectional overrides,
 * zero-width spaces, the byte order mark: `protocol/invisible-text.ts`) are
 * dropped. Line breaks (U+2028 and U+2029 too) are normalised to `\n` and
 * tabs become spaces.
 */
export function sanitize(text: string): string {
	let result = '';
	const normalised = text.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
	for (const char of normalised) {
		const code = char.codePointAt(0) ?? 0;
		if (char === '\n' || isLineSeparator(code)) {
			result += '\n';
		} else if (char === '\t') {
			result += '    ';
		} else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
			result += '\uFFFD';
		} else if (!isInvisible(char)) {
			result += char;
		}
	}

	return result;
}

/**
 * Greedy word wrap of one line (no `\n`): the first row holds `firstWidth`
 * cells, later rows `restWidth`. Words longer than a row are split. Always
 * returns at least one row.
 */
export function wrapLine(
	line: string,
	firstWidth: number,
	restWidth: number,
): string[] {
	const rows: string[] = [];
	let row = '';
	let rowWidth = 0;
	let limit = Math.max(1, firstWidth);
	const rest = Math.max(1, restWidth);
	const breakRow = () => {
		rows.push(row);
		row = '';
		rowWidth = 0;
		limit = rest;
	};

	for (const token of line.match(/\S+|\s+/gv) ?? []) {
		const width = textWidth(token);
		if (rowWidth + width <= limit) {
			row += token;
			rowWidth += width;
		} else if (/^\s/v.test(token)) {
			// Spaces at a break point are dropped, as in any word wrap.
			if (rowWidth > 0) {
				breakRow();
			}
		} else if (rowWidth > 0 && width <= rest) {
			breakRow();
			row = token;
			rowWidth = width;
		} else {
			for (const char of token) {
				const cells = charWidth(char);
				if (rowWidth + cells > limit && rowWidth > 0) {
					breakRow();
				}

				row += char;
				rowWidth += cells;
			}
		}
	}

	rows.push(row);
	return rows;
}

/**
 * `sanitize` for text that must stay on one row (a nick, an address): line
 * breaks become U+FFFD as well, so a peer cannot add rows to the sidebar.
 */
export function sanitizeLabel(text: string): string {
	return sanitize(text).replaceAll('\n', '\uFFFD');
}

/** Cut `text` to at most `cells` cells, ending in `…` when it was cut. */
export function truncateText(text: string, cells: number): string {
	if (textWidth(text) <= cells) {
		return text;
	}

	let result = '';
	let width = 0;
	for (const char of text) {
		const next = charWidth(char);
		if (width + next > cells - 1) {
			break;
		}

		result += char;
		width += next;
	}

	return `${result}…`;
}
