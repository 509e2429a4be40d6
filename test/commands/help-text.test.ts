import test from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {commandTable, helpLines} from '../../source/commands/command-table.js';
import {keyRows} from '../../source/commands/help-text.js';
import {parseCommand} from '../../source/commands/parse-command.js';

test('/help is generated from the table, one line per command, then the keys', () => {
	const keysAt = helpLines.indexOf('Keys:');
	assert.deepEqual(helpLines.slice(0, keysAt), [
		'Commands:',
		'  /help               this list',
		'  /nick NAME          change your nick (no spaces, at most 32 characters)',
		'  /msg NICK TEXT      send TEXT privately to NICK, encrypted to its key',
		'  /query [NICK]       send what you type privately to NICK, until /query alone',
		'  /me TEXT            an action, shown as "* nick TEXT" (private in a /query)',
		'  /topic [TEXT]       show the topic, or set it for everyone (-delete clears it)',
		'  /connect HOST:PORT  add a peer and contact it',
		'  /join-room NAME     find peers anywhere by a room name (Hyperswarm DHT)',
		'  /peers              list known peers',
		'  /whois NICK         keys, addresses and links of NICK (or of nick·fingerprint, or a fingerprint)',
		'  /history            how much of the conversation is kept, and where',
		'  /search TEXT        list the newest stored lines that contain TEXT',
		'  /jump N             scroll to result N of the last /search (Alt-End returns)',
		'  /inspect [WORDS]    watch frames pass (WORDS filter them; again or off closes)',
		'  /map                draw the mesh as this node sees it (again closes)',
		'  /away [MESSAGE]     be away (lines wait as unread); /away again to come back',
		'  /clear              clear the message pane',
		'  /quit [MESSAGE]     leave, saying MESSAGE to the others first (Ctrl-C on an empty line too)',
		'  //text              send a line that starts with "/" (as "/text")',
		'Nicks are labels: bob·1a2b3c4d is bob with key fingerprint 1a2b3c4d, shown when two keys share a nick.',
		'Lines marked (plain) come from legacy peers: not signed, anyone could have sent them.',
		'» marks a line that mentions you (with a bell; --no-bell), ↻ one that came late by catch-up; a rule marks where you stopped reading.',
		'A paste of several lines waits in the box: Enter sends each line as text (commands in it are not run), Esc cancels.',
	]);
	const keyLines = helpLines.slice(keysAt + 1);
	assert.equal(keyLines.length, keyRows.length);
	assert.equal(
		keyLines[0],
		'  Enter                     send the line, or run the command',
	);
	for (const [index, row] of keyRows.entries()) {
		assert.ok(
			keyLines[index]?.includes(row.usage) &&
				keyLines[index]?.endsWith(row.help),
		);
	}
});

const readme = readFileSync(
	new URL('../../README.md', import.meta.url),
	'utf8',
);

test("the README's key table is /help's keys, row for row", () => {
	const lines = readme.split('\n');
	const header = lines.findIndex(
		(line) => line.trim() === '| Key | What it does |',
	);
	assert.ok(header !== -1, 'the README has a table of keys');
	const end = lines.findIndex(
		(line, index) => index > header && !line.trim().startsWith('|'),
	);
	// The rows after the header and its rule, up to the table's end.
	const keyTable = lines
		.slice(header + 2, end)
		.map((line) => /^\s*\| `([^`]+)` \|/v.exec(line)?.[1]);
	assert.deepEqual(
		keyTable,
		keyRows.map((row) => row.usage),
	);
});

test("the README's commands are the table's, each with the usage /help shows", () => {
	const from = readme.indexOf('- Commands: ');
	const to = readme.indexOf('\n\n', from);
	assert.ok(from !== -1 && to !== -1, 'the README has its list of commands');
	const listed = readme.slice(from, to);
	for (const {usage} of commandTable) {
		assert.ok(listed.includes(`\`${usage}\``), `README: ${usage}`);
	}

	// No command the table lacks (a usage starts with its name).
	const names = new Set(commandTable.map((command) => `/${command.name}`));
	for (const [, name] of listed.matchAll(/`(\/[a-z\-]+)[ `]/gv)) {
		assert.ok(names.has(name ?? ''), `README names ${name}, /help does not`);
	}
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
		message: 'Usage: /whois NICK',
	});
});
