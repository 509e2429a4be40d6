import test from 'node:test';
import assert from 'node:assert/strict';
import {commandTable, helpLines} from '../../source/commands/command-table.js';
import {parseCommand} from '../../source/commands/parse-command.js';

test('/help is generated from the table, one line per command', () => {
	assert.deepEqual(helpLines, [
		'Commands:',
		'  /help               this list',
		'  /nick NAME          change your nick (no spaces, at most 32 characters)',
		'  /connect HOST:PORT  add a peer and contact it',
		'  /peers              list known peers',
		'  /whois PEER         keys, addresses and links of PEER: a nick, nick·fingerprint or fingerprint',
		'  /history            how much of the conversation is kept, and where',
		'  /search TEXT        list the newest stored lines that contain TEXT',
		'  /jump N             scroll to result N of the last /search (End returns)',
		'  /away [MESSAGE]     be away (lines wait as unread); /away again to come back',
		'  /clear              clear the message pane',
		'  /quit [MESSAGE]     leave, saying MESSAGE to the others first (Ctrl-C works too)',
		'  //text              send a line that starts with "/" (as "/text")',
		'Nicks are labels: bob·1a2b3c4d is bob with key fingerprint 1a2b3c4d, shown when two keys share a nick.',
		'Lines marked (plain) come from legacy peers: not signed, anyone could have sent them.',
		'» marks a line that mentions you (with a bell; --no-bell), ↻ one that came late by catch-up; a rule marks where you stopped reading.',
		'Keys: PgUp/PgDn scroll (PgUp reads on into the stored history), Home oldest, End newest, Ctrl-C quit',
		'Editing: Left/Right move, Ctrl-A/Ctrl-E start/end, Ctrl-U/Ctrl-K delete before/after the cursor, Ctrl-W delete a word',
	]);
});

test('every command of the table parses by its name, whatever the case', () => {
	for (const command of commandTable) {
		const typed = parseCommand(`/${command.name.toUpperCase()}`).type;
		// Commands that need an argument say how to use them.
		assert.ok(
			typed === command.name || typed === 'invalid',
			`${command.name}: ${typed}`,
		);
		assert.ok(helpLines.some((line) => line.includes(command.usage)));
	}
});

test('a command used wrongly quotes its usage from the table', () => {
	assert.deepEqual(parseCommand('/nick'), {
		type: 'invalid',
		message: 'Usage: /nick NAME',
	});
	assert.deepEqual(parseCommand('/whois'), {
		type: 'invalid',
		message: 'Usage: /whois PEER',
	});
});
