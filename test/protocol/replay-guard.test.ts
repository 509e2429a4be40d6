import assert from 'node:assert/strict';
import test from 'node:test';
import {ReplayGuard} from '../../source/protocol/replay-guard.js';

const options = {idLimit: 3, seqWindow: 1000, authorLimit: 10};

test('an id seen is a duplicate; a sequence number far behind its author is stale', () => {
	const guard = new ReplayGuard(options);
	assert.equal(guard.admit('a1', 'alice', 5000), 'new');
	assert.equal(guard.admit('a1', 'alice', 5000), 'duplicate');
	// Out of order within the window is fine.
	assert.equal(guard.admit('a0', 'alice', 4500), 'new');
	assert.equal(guard.admit('old', 'alice', 3000), 'stale');
});

test('a flood that turns the id cache over cannot open a gap for a replay', () => {
	const guard = new ReplayGuard(options);
	assert.equal(guard.admit('real', 'alice', 5000), 'new');
	// Three of someone else's lines push alice's id out of the cache...
	for (const id of ['x1', 'x2', 'x3']) {
		assert.equal(guard.admit(id, 'mallory', 5001), 'new');
	}

	assert.equal(guard.has('real'), false);
	// ...but her line, within the seq window, still cannot come back.
	assert.equal(guard.admit('real', 'alice', 5000), 'stale');
	// Her newer lines still pass.
	assert.equal(guard.admit('next', 'alice', 5001), 'new');
});
