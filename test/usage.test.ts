import test from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {helpText, quickAnswer} from '../source/usage.js';

const manifest: unknown = JSON.parse(
	readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
);
const field = (name: string): string => {
	const value: unknown =
		typeof manifest === 'object' && manifest !== null
			? Reflect.get(manifest, name)
			: undefined;
	assert.equal(typeof value, 'string');
	return String(value);
};

// The form meow printed when it parsed the flags (and people and scripts
// have seen since): the description, then the usage and the flags, each
// line indented by two spaces, with blank lines around.
test('--help and --version alone are answered in the form meow used', () => {
	const help = quickAnswer(['--help']) ?? '';
	assert.ok(
		help.startsWith(
			`\n  ${field('description')}\n\n  Usage\n    $ p2p-chat [options]\n`,
		),
		help.slice(0, 200),
	);
	assert.ok(help.endsWith('\n\n'));
	for (const line of help.split('\n')) {
		assert.ok(line === '' || line.startsWith('  '), line);
	}

	for (const line of helpText.split('\n')) {
		if (line.trim() !== '') assert.ok(help.includes(line.trim()), line);
	}

	assert.equal(quickAnswer(['--version']), `${field('version')}\n`);
});

test('--help anywhere asks for help (it never starts a node), then --version', () => {
	const help = quickAnswer(['--help']);
	assert.equal(quickAnswer(['--headless', '--help']), help);
	assert.equal(quickAnswer(['--port', '7001', '--help']), help);
	assert.equal(quickAnswer(['--help', '--version']), help);
	assert.equal(
		quickAnswer(['--room', 'x', '--version']),
		`${field('version')}\n`,
	);
});

test('anything else is left to the flag parser; subcommands answer their own help', () => {
	assert.equal(quickAnswer([]), undefined);
	assert.equal(quickAnswer(['--port', '0']), undefined);
	assert.equal(quickAnswer(['history']), undefined);
	assert.equal(quickAnswer(['history', '--help']), undefined);
	assert.equal(quickAnswer(['dht', '--help']), undefined);
});
