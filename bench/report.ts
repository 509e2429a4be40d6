/**
 * `npm run bench` (last part): the broadcast report of issue 13. Simulated
 * broadcast at 100, 1,000 and 10,000 nodes and failure waves on 1,000
 * (`test/helpers/simulator.ts`, simulated time), then real nodes on
 * loopback in this process, flooding and Plumtree side by side (Plumtree
 * once the mesh config offers it). Writes bench/reports/REPORT.md and its
 * SVG charts beside it. `--quick` runs a smaller set (a minute or so);
 * `--history` gives the real nodes a history each (SQLite in a temporary
 * folder, removed after), as the CLI keeps by default.
 * REPORT_SEED sets the seed (default 13). Every loop is bounded.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {charts} from './report/charts.js';
import {machine} from './report/machine.js';
import {markdown} from './report/markdown.js';
import type {Results} from './report/results.js';
import {simulateBroadcast, type BroadcastRun} from './report/sim-broadcast.js';
import {failureWave, type WaveRun} from './report/sim-waves.js';
import {
	fullPlan,
	fullRepeats,
	quickPlan,
	runSockets,
} from './report/sockets.js';
import {available, strategies} from './report/strategy.js';

const quick = process.argv.includes('--quick');
// Nodes keep a history, as the CLI does by default (and catch up): slower,
// and in this build a node tells peers it speaks Plumtree only then.
const history = process.argv.includes('--history');
const seed = Number(process.env['REPORT_SEED'] ?? 13);
const log = (line: string) => {
	process.stderr.write(`${line}\n`);
};

const started = new Date();
const before = machine();
const clock = performance.now();
const ran = strategies.filter((strategy) => available(strategy));

const broadcast: BroadcastRun[] = [];
const sizes = quick ? [100, 1000] : [100, 1000, 10_000];
for (const strategy of ran) {
	const check = simulateBroadcast({
		nodes: 100,
		overlay: 'link-state',
		strategy,
		lines: quick ? 5 : 10,
		seed,
	});
	broadcast.push(check);
	log(
		`sim ${strategy} 100 link-state: RMR ${check.summary.rmr.toFixed(2)} (${check.wallS.toFixed(1)} s)`,
	);
	for (const nodes of sizes) {
		const lines = nodes >= 10_000 || quick ? 5 : 10;
		const run = simulateBroadcast({
			nodes,
			overlay: 'fixed',
			strategy,
			lines,
			seed,
		});
		broadcast.push(run);
		log(
			`sim ${strategy} ${nodes}: reliability ${(100 * run.summary.reliability).toFixed(1)}%, RMR ${run.summary.rmr.toFixed(2)} (${run.wallS.toFixed(1)} s)`,
		);
	}
}

const waves: WaveRun[] = [];
const kills = quick ? [0.1, 0.5, 0.9] : [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95];
for (const strategy of ran) {
	for (const killed of kills) {
		const run = failureWave(killed, strategy, seed);
		waves.push(run);
		log(
			`wave ${strategy} ${killed * 100}%: first ${(100 * run.first).toFixed(1)}%, until all connected: ${run.linesUntilReachable ?? 'never'}, all: ${run.linesUntilAll ?? 'never'}`,
		);
	}
}

const sockets = await runSockets(
	{
		plan: quick ? quickPlan : fullPlan,
		repeats: quick ? 1 : fullRepeats,
		history,
		seed,
	},
	log,
);

const results: Results = {
	quick,
	history,
	seed,
	started,
	took: (performance.now() - clock) / 1000,
	before,
	after: machine(),
	broadcast,
	waves,
	sockets,
};
const directory = path.join(import.meta.dirname, 'reports');
mkdirSync(directory, {recursive: true});
const files = charts(results);
for (const chart of files) {
	writeFileSync(path.join(directory, chart.file), chart.svg);
}

// The raw numbers, for a look beyond the tables (not kept in git).
writeFileSync(
	path.join(directory, 'report-results.json'),
	`${JSON.stringify(results, undefined, '\t')}\n`,
);
const file = path.join(directory, 'REPORT.md');
writeFileSync(file, markdown(results, files));
process.stdout.write(
	`report: ${path.relative(process.cwd(), file)} (${results.took.toFixed(0)} s)\n`,
);
