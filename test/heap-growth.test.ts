import test from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import process from 'node:process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The young generation's size after a burst of short-lived garbage, in a
 * process of its own (V8's flags are for the whole process), with or
 * without the bound a node sets.
 */
function newSpaceGrowth(bound: 'headless' | 'young' | 'none'): number {
	const script = `
		import v8 from 'node:v8';
		import {boundHeapGrowth, boundYoungGeneration} from './source/heap-growth.ts';
		const bound = ${JSON.stringify(bound)};
		if (bound === 'headless') boundHeapGrowth('headless');
		if (bound === 'young') boundYoungGeneration();
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
	assert.equal(newSpaceGrowth('headless'), 0);
	// V8's default doubles it under the same garbage.
	assert.ok(newSpaceGrowth('none') > 0, 'the test makes V8 grow it');
});

test('the young generation can be bounded alone, as the CLI does before it loads anything', () => {
	assert.equal(newSpaceGrowth('young'), 0);
});

/**
 * Run `body` (an ES module's text, tsx, from the checkout's root) in a
 * process of its own where `turbofanNow()` (test/helpers/turbofan-probe.ts)
 * works. Returns what `body` prints.
 */
function withTurbofanProbe(
	body: string,
	nodeFlags: readonly string[] = [],
): string {
	const script = `
		import {turbofanNow} from './test/helpers/turbofan-probe.ts';
		${body}
	`;
	const run = spawnSync(
		process.execPath,
		[
			'--allow-natives-syntax',
			...nodeFlags,
			'--import',
			'tsx',
			'--input-type=module',
			'--eval',
			script,
		],
		{encoding: 'utf8', timeout: 60_000},
	);
	assert.equal(run.status, 0, run.stderr);
	return run.stdout;
}

test('the optimising compiler stays off from the pause until it is resumed', () => {
	const seen = withTurbofanProbe(`
		import {pauseOptimisingCompiler, resumeOptimisingCompiler} from './source/heap-growth.ts';
		const before = turbofanNow();
		pauseOptimisingCompiler();
		const paused = turbofanNow();
		resumeOptimisingCompiler();
		process.stdout.write(JSON.stringify([before, paused, turbofanNow()]));
	`);
	assert.deepEqual(JSON.parse(seen), [true, false, true]);
});

test('code that was hot while the compiler was paused is optimised once it is resumed', () => {
	// Optimised where it runs (not on a background thread): the status is
	// known as soon as enough calls have been made.
	const seen = withTurbofanProbe(
		`
		import {pauseOptimisingCompiler, resumeOptimisingCompiler} from './source/heap-growth.ts';
		const status = new Function('f', 'return %GetOptimizationStatus(f)');
		const hot = (x) => (x * 7) % 13;
		const turbofanned = () => (status(hot) & 16) !== 0;
		let sum = 0;
		pauseOptimisingCompiler();
		for (let index = 0; index < 200_000; index++) sum += hot(index);
		const paused = turbofanned();
		resumeOptimisingCompiler();
		for (let index = 0; index < 200_000 && !turbofanned(); index++) sum += hot(index);
		process.stdout.write(JSON.stringify([paused, turbofanned(), sum > 0]));
	`,
		['--no-concurrent-recompilation'],
	);
	assert.deepEqual(JSON.parse(seen), [false, true, true]);
});

test('the UI resumes the optimising compiler once its first frame is drawn', () => {
	const seen = withTurbofanProbe(`
		import {setImmediate} from 'node:timers/promises';
		import {pauseOptimisingCompiler} from './source/heap-growth.ts';
		import {runUi} from './source/ui.tsx';
		import {FakeChatService} from './test/helpers/fake-service.ts';
		import {asStreams, FakeStdin, FakeStdout, keys, press, waitFor} from './test/ui/terminal-helpers.ts';
		pauseOptimisingCompiler();
		const stdout = new FakeStdout();
		const stdin = new FakeStdin();
		const done = runUi(new FakeChatService({nick: 'alice'}), asStreams(stdout, stdin));
		await waitFor(() => stdout.output.includes('alice·'), () => stdout.output);
		await setImmediate();
		const drawn = turbofanNow();
		await press(stdin, keys.ctrlC);
		await done;
		process.stdout.write(JSON.stringify(drawn));
	`);
	assert.equal(JSON.parse(seen), true);
});

test('a headless node, which draws no frame, optimises as soon as it knows it is one', () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-turbofan-'));
	try {
		// The CLI's entry point pauses the compiler (source/cli.tsx).
		const run = spawnSync(
			process.execPath,
			[
				'--allow-natives-syntax',
				'--import',
				'tsx',
				'--import',
				'./test/helpers/turbofan-at-exit.ts',
				'source/cli.tsx',
				'--headless',
				'--exit-on-eof',
				'--host',
				'127.0.0.1',
				'--port',
				'0',
				'--data-dir',
				dataDir,
			],
			{encoding: 'utf8', input: '', timeout: 60_000},
		);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stderr, /^turbofan: true$/mv);
	} finally {
		rmSync(dataDir, {recursive: true, force: true});
	}
});
