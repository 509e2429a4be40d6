/**
 * A link's lagging mark (`send-lag.ts`): told once when its backlog passes
 * the mark, and again only after the backlog has drained well below it.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {SendLag} from '../../source/node/send-lag.js';

test('a backlog past the mark is told once, and again only after draining below a quarter of it', () => {
	const lag = new SendLag(1000);
	assert.deepEqual(
		[500, 1000, 1001, 5000, 900, 300].map((waiting) => lag.crossed(waiting)),
		[false, false, true, false, false, false],
	);
	assert.equal(lag.lagging, true);
	assert.equal(lag.crossed(249), false);
	assert.equal(lag.lagging, false);
	assert.equal(lag.crossed(1001), true);
});
