/**
 * Hardening finding 6: nicks cannot carry what would let one peer pass for
 * another: the `·` the UI puts before a key's fingerprint (and characters
 * that look like it), invisible characters, control characters, spaces.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {isValidNick, nickProblem} from '../../source/protocol/nick.js';

test('a nick cannot look like another peer’s nick and fingerprint', () => {
	for (const fake of [
		'bob·c78f5f2c',
		'bob\u2027c78f5f2c',
		'bob\u22C5c78f5f2c',
		'bob\u30FBc78f5f2c',
		'bob\uFF65c78f5f2c',
		'bob\u0387c78f5f2c',
		'bob\u2219c78f5f2c',
	]) {
		assert.match(nickProblem(fake) ?? '', /dot/, JSON.stringify(fake));
	}
});

test('a nick cannot hide or reorder text', () => {
	for (const hidden of [
		'a\u200Bb',
		'\u202Eevil',
		'x\u2066y\u2069',
		'\uFEFFbob',
		'bob\u2060',
		'a\u00ADb',
	]) {
		assert.equal(isValidNick(hidden), false, JSON.stringify(hidden));
	}

	assert.equal(isValidNick('a\u2028b'), false, 'a line separator');
	assert.equal(isValidNick('a\u001Bb'), false, 'an escape');
});

test('ordinary nicks, accents, other scripts and emoji are fine', () => {
	for (const nick of [
		'alice',
		'Zoë',
		'Δημήτρης',
		'علي',
		'🦊',
		'👩‍💻',
		'x'.repeat(32),
	]) {
		assert.equal(nickProblem(nick), undefined, nick);
	}

	assert.match(nickProblem('x'.repeat(33)) ?? '', /at most 32/);
	assert.match(nickProblem('two words') ?? '', /spaces/);
});
