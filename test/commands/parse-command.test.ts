import test from 'node:test';
import assert from 'node:assert/strict';
import {parseCommand} from '../../source/commands/parse-command.js';

test('plain lines are sent as typed; empty lines are not', () => {
	assert.deepEqual(parseCommand(''), {type: 'none'});
	assert.deepEqual(parseCommand('hello'), {type: 'send', text: 'hello'});
	assert.deepEqual(parseCommand('   '), {type: 'send', text: '   '});
	assert.deepEqual(parseCommand(' /nick x'), {type: 'send', text: ' /nick x'});
	assert.deepEqual(parseCommand('a: b'), {type: 'send', text: 'a: b'});
});

test('// escapes a leading slash', () => {
	assert.deepEqual(parseCommand('//nick x'), {type: 'send', text: '/nick x'});
	assert.deepEqual(parseCommand('//'), {type: 'send', text: '/'});
});

test('commands, case-insensitive, with trimmed arguments', () => {
	assert.deepEqual(parseCommand('/help'), {type: 'help'});
	assert.deepEqual(parseCommand('/HELP'), {type: 'help'});
	assert.deepEqual(parseCommand('/peers'), {type: 'peers'});
	assert.deepEqual(parseCommand('/clear'), {type: 'clear'});
	assert.deepEqual(parseCommand('/quit'), {type: 'quit', message: ''});
	assert.deepEqual(parseCommand('/quit  bye all '), {
		type: 'quit',
		message: 'bye all',
	});
	assert.deepEqual(parseCommand('/nick  bob '), {type: 'nick', nick: 'bob'});
	assert.deepEqual(parseCommand('/connect 127.0.0.1:7002'), {
		type: 'connect',
		address: '127.0.0.1:7002',
	});
	assert.deepEqual(parseCommand('/connect [::1]:7002'), {
		type: 'connect',
		address: '[::1]:7002',
	});
});

test('nick rules: not empty, no whitespace, at most 32 characters', () => {
	assert.equal(parseCommand('/nick').type, 'invalid');
	assert.equal(parseCommand('/nick   ').type, 'invalid');
	assert.equal(parseCommand('/nick a b').type, 'invalid');
	assert.equal(parseCommand('/nick a\tb').type, 'invalid');
	assert.deepEqual(parseCommand(`/nick ${'x'.repeat(32)}`), {
		type: 'nick',
		nick: 'x'.repeat(32),
	});
	assert.equal(parseCommand(`/nick ${'x'.repeat(33)}`).type, 'invalid');
	// Characters, not UTF-16 units.
	assert.equal(parseCommand(`/nick ${'😀'.repeat(32)}`).type, 'nick');
});

test('connect needs one address', () => {
	assert.deepEqual(parseCommand('/connect'), {
		type: 'invalid',
		message: 'Usage: /connect HOST:PORT',
	});
	assert.equal(parseCommand('/connect a:1 b:2').type, 'invalid');
});

test('unknown commands keep their name', () => {
	assert.deepEqual(parseCommand('/foo bar'), {type: 'unknown', name: '/foo'});
	assert.deepEqual(parseCommand('/'), {type: 'unknown', name: '/'});
});
