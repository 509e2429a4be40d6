import test from 'node:test';
import assert from 'node:assert/strict';
import meow from 'meow';
import {helpText, quickAnswer} from '../source/usage.js';

// The CLI answers --help and --version before it loads meow (or anything
// else heavy); what it prints must be what meow would have printed.
test('--help and --version alone are answered as meow answers them', () => {
	const cli = meow(helpText, {importMeta: import.meta, argv: []});
	assert.equal(quickAnswer(['--help']), `${cli.help}\n`);
	assert.equal(quickAnswer(['--version']), `${cli.pkg.version}\n`);
});

test('--help anywhere asks for help (it never starts a node), then --version', () => {
	const cli = meow(helpText, {importMeta: import.meta, argv: []});
	assert.equal(quickAnswer(['--headless', '--help']), `${cli.help}\n`);
	assert.equal(quickAnswer(['--port', '7001', '--help']), `${cli.help}\n`);
	assert.equal(quickAnswer(['--help', '--version']), `${cli.help}\n`);
	assert.equal(
		quickAnswer(['--room', 'x', '--version']),
		`${cli.pkg.version}\n`,
	);
});

test('anything else is left to the flag parser; subcommands answer their own help', () => {
	assert.equal(quickAnswer([]), undefined);
	assert.equal(quickAnswer(['--port', '0']), undefined);
	assert.equal(quickAnswer(['history']), undefined);
	assert.equal(quickAnswer(['history', '--help']), undefined);
	assert.equal(quickAnswer(['dht', '--help']), undefined);
});
