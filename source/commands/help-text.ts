/**
 * The `/help` text, generated: one row per command of the table, then what
 * is not a command (the `//` escape) and a few notes on what the screen
 * shows. Nothing here lists commands by hand.
 */

/** What a `/help` row needs of a command. */
export type HelpRow = {readonly usage: string; readonly help: string};

/** The `//` escape is a rule of the line reader, not a command, but is typed like one. */
const escapeRow: HelpRow = {
	usage: '//text',
	help: 'send a line that starts with "/" (as "/text")',
};

const notes: readonly string[] = [
	'Nicks are labels: bob·1a2b3c4d is bob with key fingerprint 1a2b3c4d, shown when two keys share a nick.',
	'Lines marked (plain) come from legacy peers: not signed, anyone could have sent them.',
	'» marks a line that mentions you (with a bell; --no-bell), ↻ one that came late by catch-up; a rule marks where you stopped reading.',
	'Keys: PgUp/PgDn scroll (PgUp reads on into the stored history), Home oldest, End newest, Ctrl-C quit',
	'Editing: Left/Right move, Ctrl-A/Ctrl-E start/end, Ctrl-U/Ctrl-K delete before/after the cursor, Ctrl-W delete a word',
];

/** The `/help` lines for `commands`, in their order; one notice per line. */
export function helpText(commands: readonly HelpRow[]): string[] {
	const rows = [...commands, escapeRow];
	// The descriptions start in one column, two cells after the longest usage.
	const column = Math.max(...rows.map((row) => row.usage.length)) + 2;
	return [
		'Commands:',
		...rows.map((row) => `  ${row.usage.padEnd(column)}${row.help}`),
		...notes,
	];
}
