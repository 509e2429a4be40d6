/**
 * A link's lagging mark (`send-lag.ts`): told once when its backlog passes
 * the mark, and again only after the backlog has drained well below it.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {SendLag} from '../../source/node/send-lag.js';

test('a backlog past the mark is told once, then its draining below a quarter of it, and only then can it lag again', () => {
	const lag = new SendLag(1000);
	assert.deepEqual(
		[500, 1000, 1001, 5000, 900, 300].map((waiting) => lag.change(waiting)),
		[undefined, undefined, 'lagging', undefined, undefined, undefined],
	);
	assert.equal(lag.lagging, true);
	assert.equal(lag.change(249), 'drained');
	assert.equal(lag.lagging, false);
	assert.equal(lag.change(0), undefined);
	assert.equal(lag.change(1001), 'lagging');
});
