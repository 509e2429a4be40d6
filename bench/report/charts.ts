/**
 * The report's charts: reliability against failure rate, RMR against N and
 * latency against N, one series per strategy (simulated solid, real
 * sockets dashed).
 */
import type {Results} from './results.js';
import {lineChart, type Series} from './svg-chart.js';
import {strategies} from './strategy.js';

export type ChartFile = {
	readonly file: string;
	readonly title: string;
	readonly svg: string;
};

export function charts(results: Results): ChartFile[] {
	const fixed = results.broadcast.filter((run) => run.overlay === 'fixed');
	const perSecond20 = results.sockets.filter((run) => run.rate === 20);
	const bySim = (pick: (run: (typeof fixed)[number]) => number): Series[] =>
		strategies.flatMap((strategy) => {
			const runs = fixed.filter((run) => run.strategy === strategy);
			return runs.length === 0
				? []
				: [
						{
							name: `${strategy}, simulated`,
							points: runs.map((run) => [run.nodes, pick(run)] as const),
						},
					];
		});
	const bySockets = (
		pick: (run: (typeof perSecond20)[number]) => number,
	): Series[] =>
		strategies.flatMap((strategy) => {
			const runs = perSecond20.filter((run) => run.strategy === strategy);
			return runs.length === 0
				? []
				: [
						{
							name: `${strategy}, sockets @ 20/s`,
							points: runs.map((run) => [run.nodes, pick(run)] as const),
							dashed: true,
						},
					];
		});
	const waves: Series[] = strategies.flatMap((strategy) => {
		const runs = results.waves.filter((run) => run.strategy === strategy);
		return runs.length === 0
			? []
			: [
					{
						name: strategy,
						points: runs.map(
							(run) => [100 * run.killed, 100 * run.first] as const,
						),
					},
				];
	});
	const ceiling = results.waves.filter((run) => run.strategy === 'flood');
	if (ceiling.length > 0) {
		waves.push({
			name: 'largest connected part',
			points: ceiling.map(
				(run) => [100 * run.killed, 100 * run.ceiling] as const,
			),
			dashed: true,
		});
	}

	return [
		{
			file: 'report-waves.svg',
			title: 'Reliability against failure rate',
			svg: lineChart({
				title: 'First line after a failure wave, 1,000 nodes (simulated)',
				xLabel: 'nodes killed at once (%)',
				yLabel: 'survivors reached (%)',
				series: waves,
			}),
		},
		{
			file: 'report-rmr.svg',
			title: 'RMR against N',
			svg: lineChart({
				title: 'Relative message redundancy (payload only)',
				xLabel: 'nodes (log scale)',
				yLabel: 'RMR',
				xLog: true,
				series: [
					...bySim((run) => run.summary.rmr),
					...bySockets((run) => run.rmr),
				],
			}),
		},
		{
			file: 'report-latency.svg',
			title: 'Latency against N',
			svg: lineChart({
				title: 'Time to the last delivery of a line, mean',
				xLabel: 'nodes (log scale)',
				yLabel: 'ms (log scale)',
				yLog: true,
				xLog: true,
				series: [
					...bySim((run) => run.summary.lastMsMean),
					...bySockets((run) => run.meanMs),
				],
			}),
		},
	];
}
