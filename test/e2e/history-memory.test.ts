import test from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {cliPath, dataHome, ensureBuilt} from '../helpers/cli-process.js';
import {fillHistory} from '../helpers/fill-history.js';
import {hasTmux, Tmux} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

const skip = hasTmux() ? false : 'tmux is not installed';

/** Issue 11: with this many stored lines the UI stays under `limitMb`. */
const storedCount = 100_000;
const limitMb = 150;
/** PgUp presses: a few hundred screens, far past the pages held in memory. */
const presses = 250;

/** The highest resident memory the process has had (Linux), in MB. */
function peakRssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+)/v.exec(status)?.[1] ?? 0) / 1024;
}

/** The oldest line number on the screen (`line N:`), if any. */
function topLine(screen: string): number | undefined {
	const numbers = [...screen.matchAll(/line (\d+):/gv)].map((match) =>
		Number(match[1]),
	);
	return numbers.length > 0 ? Math.min(...numbers) : undefined;
}

test(
	'with 100,000 stored lines the UI stays under 150 MB while PgUp reads back through thousands of them',
	{skip: process.platform === 'linux' ? skip : 'reads /proc'},
	async (t) => {
		ensureBuilt();
		const directory = path.join(dataHome, 'long-history');
		const newest = fillHistory(directory, storedCount);
		const tmux = new Tmux();
		t.after(() => {
			tmux.kill();
		});
		tmux.newSession(
			'memory',
			[
				process.execPath,
				cliPath,
				'--host',
				'127.0.0.1',
				'--port',
				'0',
				'--data-dir',
				directory,
			],
			{height: 40},
		);
		await waitFor(() => tmux.capture('memory').includes(newest), {
			what: 'the newest stored line on screen',
			timeoutMs: 20_000,
		});
		const pid = Number(
			tmux.run('display', '-p', '-t', 'memory', '#{pane_pid}'),
		);
		let top = topLine(tmux.capture('memory')) ?? storedCount;
		for (let press = 0; press < presses; press++) {
			tmux.run('send-keys', '-t', 'memory', 'PPage');
			const before = top;
			// Each press is drawn before the next, as a reader paging would see it.
			// eslint-disable-next-line no-await-in-loop
			top = await waitFor(
				() => {
					const now = topLine(tmux.capture('memory'));
					return now !== undefined && now < before && now;
				},
				{what: `PgUp ${press + 1} to scroll back`, timeoutMs: 10_000},
			);
		}

		assert.ok(
			top < storedCount - 5000,
			`paged back past the lines held in memory (top line ${top})`,
		);
		const peak = peakRssMb(pid);
		t.diagnostic(`peak RSS ${peak.toFixed(0)} MB, back to line ${top}`);
		assert.ok(
			peak < limitMb,
			`peak RSS ${peak.toFixed(0)} MB, over ${limitMb} MB`,
		);
	},
);
