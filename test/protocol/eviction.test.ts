import test from 'node:test';
import assert from 'node:assert/strict';
import {
	chooseEviction,
	type Unfinished,
} from '../../source/protocol/eviction.js';

const item = (
	address: string,
	since: number,
	progress: 0 | 1 = 0,
): Unfinished => ({address, since, progress});

test('the most crowded address makes room, its oldest first', () => {
	const open = [
		item('10.0.0.1', 0),
		item('10.0.0.9', 1),
		item('10.0.0.9', 2),
		item('10.0.0.9', 3),
	];
	assert.equal(chooseEviction(open, 1000, 100), open[1]);
});

test('a message in progress goes after silent ones; a newcomer is spared while anything older is there', () => {
	const talking = item('10.0.0.9', 0, 1);
	const silent = item('10.0.0.9', 500);
	const fresh = item('10.0.0.9', 990);
	assert.equal(chooseEviction([talking, silent, fresh], 1000, 100), silent);
	// A message still in progress after a second is a trickle, not a newcomer.
	assert.equal(chooseEviction([talking, fresh], 1000, 100), talking);
	assert.equal(chooseEviction([fresh], 1000, 100), fresh);
	assert.equal(chooseEviction<Unfinished>([], 1000, 100), undefined);
});
