import test from 'node:test';
import assert from 'node:assert/strict';
import {mentions, mentionsNick} from '../../source/service/mention.js';

test('a mention is the nick as a word of its own, in any case', () => {
	for (const text of [
		'bob',
		'hi bob',
		'Bob: yes',
		'@BOB',
		"bob's turn",
		'(bob)',
	]) {
		assert.ok(mentions(text, 'bob'), text);
	}

	for (const text of ['bobby', 'kebob', 'bob_2', 'b o b', '']) {
		assert.ok(!mentions(text, 'bob'), text);
	}
});

test('nicks with punctuation are taken literally, and no nick is never mentioned', () => {
	assert.ok(mentions('ping a.b now', 'a.b'));
	assert.ok(!mentions('axb', 'a.b'));
	assert.ok(mentions('hey [x]-y!', '[x]-y'));
	assert.ok(mentions('Ünïcode', 'ünïcode'));
	assert.ok(!mentions('anything', ''));
});

test('only lines from others mention us', () => {
	const text = 'alice: hello';
	assert.ok(
		mentionsNick(
			{kind: 'chat', source: {type: 'legacy', address: '10.0.0.1:7000'}, text},
			'alice',
		),
	);
	assert.ok(
		!mentionsNick(
			{kind: 'own', nick: 'alice', fingerprint: 'f', text},
			'alice',
		),
	);
	assert.ok(!mentionsNick({kind: 'notice', text}, 'alice'));
});
