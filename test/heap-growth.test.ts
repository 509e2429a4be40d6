import test from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import process from 'node:process';

/**
 * The young generation's size after a burst of short-lived garbage, in a
 * process of its own (V8's flags are for the whole process), with or
 * without the bound a node sets.
 */
function newSpaceGrowth(bounded: boolean): number {
	const script = `
		import v8 from 'node:v8';
		import {boundHeapGrowth} from './source/heap-growth.ts';
		if (${bounded}) boundHeapGrowth('headless');
		const newSpace = () => v8.getHeapSpaceStatistics()
			.find((space) => space.space_name === 'new_space').space_size;
		const before = newSpace();
		let kept = [];
		for (let round = 0; round < 2000; round++) {
			const garbage = Array.from({length: 2000}, (_, index) => String(index + round));
			if (round % 10 === 0) kept.push(garbage);
			if (kept.length > 50) kept = [];
		}
		process.stdout.write(String(newSpace() - before));
	`;
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', '--input-type=module', '--eval', script],
		{encoding: 'utf8', timeout: 60_000},
	);
	assert.equal(run.status, 0, run.stderr);
	return Number(run.stdout);
}

test('a node keeps its young generation from growing with the garbage it makes', () => {
	assert.equal(newSpaceGrowth(true), 0);
	// V8's default doubles it under the same garbage.
	assert.ok(newSpaceGrowth(false) > 0, 'the test makes V8 grow it');
});
