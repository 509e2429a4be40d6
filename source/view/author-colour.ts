/**
 * The colour of an author's nick: a stable pick, per key, from a palette
 * chosen to read well on dark and light terminals and never to look like
 * our own lines (cyan), notices (yellow) or errors (red), as irssi's and
 * weechat's nick colours do. The palette is of 256-colour codes whose
 * nearest of the 16 basic colours (what chalk draws on a 16-colour
 * terminal) is green, blue or magenta, so the rule holds there too.
 */

/** Our own lines. */
export const ownColour = 'cyan';
/** The node's notices. */
export const noticeColour = 'yellow';
/** Errors. */
export const errorColour = 'red';

/**
 * Greens, blues, violets and pinks, alternating so that neighbours in the
 * list differ in hue; 24 of them, so that two of three people share one
 * about one time in eight. `test/view/author-colour.test.ts` checks each
 * one's 16-colour fallback.
 */
export const authorPalette: readonly string[] = [
	'ansi256(40)', // Green
	'ansi256(170)', // Orchid
	'ansi256(33)', // Azure
	'ansi256(118)', // Chartreuse
	'ansi256(213)', // Pink
	'ansi256(105)', // Slate blue
	'ansi256(71)', // Fern
	'ansi256(135)', // Purple
	'ansi256(69)', // Cornflower
	'ansi256(212)', // Rose
	'ansi256(114)', // Light green
	'ansi256(177)', // Violet
	'ansi256(27)', // Royal blue
	'ansi256(199)', // Hot pink
	'ansi256(83)', // Lime
	'ansi256(99)', // Blue violet
	'ansi256(165)', // Magenta
	'ansi256(32)', // Cerulean
	'ansi256(112)', // Yellow-green
	'ansi256(205)', // Salmon pink
	'ansi256(63)', // Iris
	'ansi256(140)', // Lavender
	'ansi256(77)', // Leaf
	'ansi256(129)', // Grape
];

/**
 * The palette colour of `id` (a key fingerprint, or a legacy host's
 * address): a hash of its text, so every node and every run picks the same
 * colour for the same key.
 */
export function authorColour(id: string): string {
	let hash = 7;
	for (const char of id) {
		hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1_000_003;
	}

	return authorPalette[hash % authorPalette.length] ?? 'green';
}
