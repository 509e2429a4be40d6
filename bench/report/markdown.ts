/** REPORT.md: the header (machine, date, seeds, load), targets, then each part. */
import type {ChartFile} from './charts.js';
import {fixed} from './numbers.js';
import {table, type Results} from './results.js';
import {
	plumtreeNote,
	simSection,
	socketsSection,
	wavesSection,
} from './sections.js';
import {targetsSection} from './targets.js';

function header(results: Results): string[] {
	const {before, after} = results;
	return [
		'# p2p-chat broadcast report',
		'',
		`Written by \`npm run bench\` (\`bench/report.ts\`${results.quick ? ' --quick: a smaller run' : ''}) on ${results.started.toISOString()}, in ${fixed(results.took)} s. Issue 13, item 4.`,
		'',
		...table(
			['machine', ''],
			[
				['CPU', before.cpu],
				['cores', String(before.cores)],
				['memory', `${fixed(before.memoryGiB, 1)} GiB`],
				['Node', before.node],
				['system', before.platform],
				[
					'load average (1 min) at start / end',
					`${fixed(before.load, 2)} / ${fixed(after.load, 2)}`,
				],
			],
		),
		'',
		`**Measured under load**: other sessions build and test on this ${before.cores}-core machine at the same time, so the wall-clock numbers (real sockets: latency, CPU, event-loop delay; wall seconds) are noisy and pessimistic. Simulated numbers (reliability, RMR, hops, simulated time) do not depend on load: a seed gives the same run.`,
		'',
		`**Seeds**: simulator runs and the choice of authors on real sockets use seed ${results.seed} (\`REPORT_SEED=${results.seed}\` replays the simulated parts exactly). Real nodes draw their keys and dial choices from the system.`,
		'',
		...plumtreeNote(),
	];
}

export function markdown(
	results: Results,
	charts: readonly ChartFile[],
): string {
	return [
		...header(results),
		...targetsSection(results),
		'## Charts',
		'',
		...charts.map((chart) => `![${chart.title}](${chart.file})`),
		'',
		...simSection(results),
		...wavesSection(results),
		...socketsSection(results),
	].join('\n');
}
