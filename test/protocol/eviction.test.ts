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

/** The rule as first written: group, take the largest group, sort, find. */
function reference(
	open: readonly Unfinished[],
	now: number,
	minAgeMs: number,
): Unfinished | undefined {
	const groups = new Map<string, Unfinished[]>();
	for (const one of open) {
		groups.set(one.address, [...(groups.get(one.address) ?? []), one]);
	}

	let crowded: Unfinished[] | undefined;
	for (const group of groups.values()) {
		if (!crowded || group.length > crowded.length) crowded = group;
	}

	const ranked = (crowded ?? []).toSorted(
		(a, b) => a.progress - b.progress || a.since - b.since,
	);
	return ranked.find((one) => now - one.since >= minAgeMs) ?? ranked[0];
}

test('the choice made without copying or sorting is the rule, ties included, from a set or an array', () => {
	// A small linear congruential generator: seeded, so a failure repeats.
	let seed = 12_345;
	const draw = (n: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed % n;
	};

	for (let round = 0; round < 500; round++) {
		const open = Array.from({length: draw(40)}, () =>
			item(`10.0.0.${draw(3)}`, draw(10) * 50, draw(2) === 0 ? 0 : 1),
		);
		const expected = reference(open, 500, 100);
		assert.equal(chooseEviction(open, 500, 100), expected, `round ${round}`);
		assert.equal(
			chooseEviction(new Set(open), 500, 100),
			expected,
			`round ${round}`,
		);
	}
});
