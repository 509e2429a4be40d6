import test from 'node:test';
import assert from 'node:assert/strict';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer, verifier} from '../../source/node/signing.js';
import {judgeChat} from '../../source/protocol/intake.js';
import {ReplayGuard} from '../../source/protocol/replay-guard.js';

test('a sequence number far ahead of its line’s clock is refused (it would pin a replay floor)', () => {
	const signer = new Signer(newKeyPair());
	const now = Date.now();
	const line = (seq: number) =>
		signer.sign({nick: 'n', timestamp: now, seq, text: `at ${seq}`});
	const context = {replay: new ReplayGuard(), verifier, now};
	assert.equal(judgeChat(line(now + 1000), context).kind, 'deliver');
	assert.deepEqual(judgeChat(line(Number.MAX_SAFE_INTEGER), context), {
		kind: 'drop',
		reason: {
			kind: 'malformed',
			detail: 'a sequence number far ahead of its clock',
		},
	});
});

test('replay floors restored after a restart refuse what was seen, not what comes after', () => {
	const guard = new ReplayGuard();
	const author = 'ab'.repeat(32);
	guard.admit('id-1', author, 1000);
	const floors = guard.floors(0);
	assert.deepEqual(floors, [[author, 1000]]);

	const restarted = new ReplayGuard();
	restarted.restore(floors);
	assert.equal(restarted.admit('id-1', author, 1000), 'stale');
	assert.equal(restarted.admit('id-2', author, 1001), 'new');
	assert.deepEqual(
		guard.floors(2000),
		[],
		'authors not heard since are left out',
	);
});
