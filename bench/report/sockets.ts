/**
 * The real-socket part of the report: meshes of 20, 50 and 100 nodes in
 * this process on loopback, each under the loads of issue 13's table
 * (lines per second × seconds), once per strategy this build can run.
 */
import {seededRandom} from '../../test/helpers/event-queue.js';
import {runLoad, type SocketLoad, type SocketResult} from './socket-run.js';
import {startMesh, stopMesh} from './socket-mesh.js';
import {available, strategies, type Strategy} from './strategy.js';

export type SocketPlan = ReadonlyArray<{
	readonly nodes: number;
	readonly loads: readonly SocketLoad[];
}>;

export type SocketRun = SocketResult & {
	readonly strategy: Strategy;
	/** Seconds the mesh took to converge on loopback. */
	readonly convergedS: number;
	/** Runs of this load; the row is the median one. */
	readonly repeats: number;
};

export const fullPlan: SocketPlan = [
	{nodes: 20, loads: [{rate: 20, seconds: 5}]},
	{
		nodes: 50,
		loads: [
			{rate: 2, seconds: 10},
			{rate: 20, seconds: 5},
			{rate: 200, seconds: 1},
		],
	},
	{nodes: 100, loads: [{rate: 20, seconds: 5}]},
];

export const quickPlan: SocketPlan = [
	{nodes: 20, loads: [{rate: 20, seconds: 2}]},
	{nodes: 50, loads: [{rate: 20, seconds: 2}]},
];

/** Runs of each load on one mesh; the one with the median mean dissemination is reported. */
export const fullRepeats = 3;

function medianRun(runs: readonly SocketResult[]): SocketResult {
	return runs.toSorted((a, b) => a.meanMs - b.meanMs)[
		Math.floor(runs.length / 2)
	]!;
}

/** How the real-socket part runs. */
export type SocketOptions = {
	readonly plan: SocketPlan;
	/** Runs of each load (the median one is reported). */
	readonly repeats: number;
	/** Nodes keep a history each (SQLite), as the CLI does by default. */
	readonly history: boolean;
	/** Authors are drawn from it. */
	readonly seed: number;
};

/** Run the plan for every strategy available. */
export async function runSockets(
	options: SocketOptions,
	log: (line: string) => void,
): Promise<SocketRun[]> {
	const {plan, repeats, history, seed} = options;
	const runs: SocketRun[] = [];
	for (const strategy of strategies.filter((one) => available(one))) {
		const random = seededRandom(seed);
		for (const {nodes, loads} of plan) {
			// eslint-disable-next-line no-await-in-loop -- one mesh at a time
			const mesh = await startMesh(nodes, strategy, random, history);
			log(
				`sockets ${strategy} ${nodes}: converged in ${mesh.convergedS.toFixed(1)} s`,
			);
			for (const load of loads) {
				const tries: SocketResult[] = [];
				for (let run = 0; run < repeats; run++) {
					// eslint-disable-next-line no-await-in-loop -- one run at a time
					tries.push(await runLoad(mesh.nodes, load, random));
				}

				const result = medianRun(tries);
				runs.push({...result, strategy, convergedS: mesh.convergedS, repeats});
				log(
					`sockets ${strategy} ${nodes} @ ${load.rate}: ${(100 * result.delivered).toFixed(1)}%, ${result.meanMs.toFixed(1)} / ${result.p99Ms.toFixed(1)} ms, RMR ${result.rmr.toFixed(2)}`,
				);
			}

			// eslint-disable-next-line no-await-in-loop
			await stopMesh(mesh);
		}
	}

	return runs;
}
