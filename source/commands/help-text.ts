/**
 * The `/help` text, generated: one row per command of the table, then what
 * is not a command (the `//` escape), a few notes on what the screen
 * shows, and the keys. Nothing here lists commands by hand.
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
	'A paste of several lines waits in the box: Enter sends each line as text (commands in it are not run), Esc cancels.',
];

/**
 * Every key, as /help lists them (the README's list follows this one). The
 * editing keys are readline's, the scroll keys weechat's: Home and End
 * belong to the line, Alt-Home and Alt-End to the messages.
 */
export const keyRows: readonly HelpRow[] = [
	{usage: 'Enter', help: 'send the line, or run the command'},
	{usage: 'Up/Down', help: 'the lines you typed before (kept across restarts)'},
	{
		usage: 'Tab, Shift-Tab',
		help: 'complete a nick ("bob: " first on a line), a command or its argument; again: the next',
	},
	{usage: 'Left/Right, Ctrl-B/F', help: 'move a character'},
	{usage: 'Alt-B/F, Ctrl-Left/Right', help: 'move a word'},
	{usage: 'Home/End, Ctrl-A/E', help: 'start/end of the line'},
	{usage: 'Backspace', help: 'erase before the cursor'},
	{usage: 'Delete, Ctrl-D', help: 'erase at the cursor'},
	{usage: 'Ctrl-W', help: 'cut back to the previous space'},
	{usage: 'Alt-Backspace, Alt-D', help: 'cut the word before/after the cursor'},
	{usage: 'Ctrl-U/K', help: 'cut to the start/end of the line'},
	{usage: 'Ctrl-Y', help: 'put back what was cut last'},
	{
		usage: 'Ctrl-C',
		help: 'clear the line (Ctrl-Y brings it back); on an empty line, quit',
	},
	{usage: 'Esc', help: 'cancel a paste of several lines'},
	{usage: 'Ctrl-Z', help: 'suspend, as in a shell (fg brings the chat back)'},
	{usage: 'PgUp/PgDn', help: 'scroll (PgUp reads on into the stored history)'},
	{
		usage: 'Alt-Home/Alt-End',
		help: 'the oldest/newest line (Ctrl-Home/Ctrl-End too)',
	},
];

/** The `/help` lines for `commands`, in their order; one notice per line. */
export function helpText(commands: readonly HelpRow[]): string[] {
	return [
		'Commands:',
		...table([...commands, escapeRow]),
		...notes,
		'Keys:',
		...table(keyRows),
	];
}

/** Rows whose descriptions start in one column, two cells after the longest usage. */
function table(rows: readonly HelpRow[]): string[] {
	const column = Math.max(...rows.map((row) => row.usage.length)) + 2;
	return rows.map((row) => `  ${row.usage.padEnd(column)}${row.help}`);
}
