import test from 'node:test';
import assert from 'node:assert/strict';
import {terminalTitle} from '../../source/view/terminal-title.js';
import {noAttention} from '../helpers/fake-service.js';

test('the title leads with what waits, and says when we are away', () => {
	assert.equal(
		terminalTitle({nick: 'alice', attention: noAttention}),
		'p2p-chat · alice',
	);
	assert.equal(
		terminalTitle({nick: 'alice', attention: {...noAttention, unread: 3}}),
		'[3] p2p-chat · alice',
	);
	assert.equal(
		terminalTitle({
			nick: 'alice',
			attention: {...noAttention, unread: 4, mentions: 2, away: 'lunch'},
		}),
		'[4 · 2 mentions] p2p-chat · alice (away)',
	);
});
