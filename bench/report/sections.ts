/** The report's measured sections as markdown: simulator, failure waves, real sockets. */
import {floodBefore, gossipsub, type Baseline} from './gossipsub.js';
import {fixed, percent} from './numbers.js';
import {table, type Results} from './results.js';
import {warmUp, windowMs} from './sim-broadcast.js';
import {maxLines, waveNodes} from './sim-waves.js';
import {available, strategies} from './strategy.js';

/** Why a Plumtree column is empty, when it is. */
export function plumtreeNote(): string[] {
	return available('plumtree')
		? []
		: [
				'> **Plumtree is not in this build**: the mesh config has no `broadcast` field yet, so only flooding ran. The Plumtree columns are wired to `MeshConfig.broadcast` (`bench/report/strategy.ts`) and fill in on the next run once it exists.',
				'',
			];
}

export function simSection(results: Results): string[] {
	const rows = results.broadcast.map((run) => [
		fixed(run.nodes),
		run.overlay === 'fixed' ? 'fixed overlay' : 'link-state membership',
		run.strategy,
		fixed(run.degree, 1),
		String(run.summary.lines),
		percent(run.summary.reliability),
		fixed(run.summary.rmr, 2),
		`${fixed(run.summary.control, 1)} (${fixed(run.summary.ihave, 1)} / ${fixed(run.summary.graft, 1)} / ${fixed(run.summary.prune, 1)})`,
		`${run.summary.lastHopMax} / ${fixed(run.summary.lastHopMedian)}`,
		fixed(run.summary.lastMsMean),
		fixed(run.wallS, 1),
	]);
	return [
		'## Simulator: broadcast in a stable network',
		'',
		`The node core the program runs (\`NodeCore\`: intake, relay, acknowledgements), driven by \`test/helpers/simulator.ts\` in simulated time: one-way link latency drawn per link from 2-40 ms, simulated signatures. Lines from random live nodes, one at a time, each given ${windowMs / 1000} s of simulated time to spread; the first ${warmUp} lines are a warm-up (a tree-growing strategy settles) and are not counted.`,
		'',
		"**Overlay.** Full link-state membership (every node learns every node's links) does not fit 10,000 nodes in one process, and a probe of 1,000 nodes had not converged after 3 minutes of wall time on this machine, so the broadcast rows use a **fixed overlay** (`test/helpers/fixed-overlay.ts`): every node linked directly to random others until it holds the mesh's `activeLinks` (5), at most `maxLinks` (8), as joining nodes dial; membership is skipped (announcements are counted, not sent; no dials). The 100-node link-state rows are the same lines on a mesh converged with real membership, to show the fixed overlay stands in for it.",
		'',
		'- reliability: share of the other live nodes that delivered the line',
		'- RMR: payload receptions / (N - 1) - 1 per line, receptions counted before de-duplication (only chat frames: no announcements, ACKs or control)',
		"- control: broadcast control frames sent per line (Plumtree's IHAVE, GRAFT, PRUNE; a flood has none); ACKs and announcements are not counted",
		"- last hop: the hop count of a line's last delivery, max / median over lines",
		'- last delivery: simulated ms from publish to the last delivery, mean over lines',
		'',
		...table(
			[
				'nodes',
				'overlay',
				'strategy',
				'links per node',
				'lines',
				'reliability',
				'RMR',
				'control per line (IHAVE / GRAFT / PRUNE)',
				'last hop max / median',
				'last delivery (ms, simulated)',
				'wall (s)',
			],
			rows,
		),
		'',
	];
}

function linesUntil(lines: number | undefined): string {
	return lines === undefined ? `not in ${maxLines}` : String(lines);
}

export function wavesSection(results: Results): string[] {
	const kills = [...new Set(results.waves.map((run) => run.killed))];
	const ran = strategies.filter((strategy) =>
		results.waves.some((run) => run.strategy === strategy),
	);
	const rows = kills.map((killed) => {
		const runs = results.waves.filter((run) => run.killed === killed);
		const cells = ran.flatMap((strategy) => {
			const run = runs.find((one) => one.strategy === strategy);
			return run
				? [
						`${percent(run.first)} / ${percent(run.firstReachable)} in ${fixed(run.firstLastMs)} ms`,
						`${linesUntil(run.linesUntilReachable)} / ${linesUntil(run.linesUntilAll)}`,
					]
				: ['', ''];
		});
		return [
			`${fixed(100 * killed)}%`,
			fixed(runs[0]?.survivors ?? Number.NaN),
			percent(runs[0]?.ceiling ?? Number.NaN),
			...cells,
		];
	});
	return [
		'## Failure waves',
		'',
		`${fixed(waveNodes)} nodes on the fixed overlay; after ${warmUp} warm-up lines a share of them is killed at once (links close; peers notice at once, as after kill -9). The first line is published in the same instant by a random survivor. Then a line at a time from random survivors (${windowMs / 1000} s of simulated time each) until one reaches every survivor, at most ${maxLines}.\n\nThe overlay is fixed, so membership does not repair it: survivors cut off from their author cannot be reached by any broadcast, and "largest part" (the share of survivors in the largest connected part) bounds every strategy. So each figure is given twice: over all survivors / over the survivors still connected to the line's author (what the broadcast itself can reach; its repair, e.g. Plumtree's GRAFTs, shows there). With real membership, nodes would also dial known peers to heal the overlay (after \`healAfterMs\`, 2 s); that is not simulated here.`,
		'',
		...table(
			[
				'killed',
				'survivors',
				'largest part',
				...ran.flatMap((strategy) => [
					`${strategy}: first line, survivors / connected, last delivery (simulated)`,
					`${strategy}: lines until all connected / all survivors`,
				]),
			],
			rows,
		),
		'',
	];
}

function baselineCell(row: Baseline | undefined): string {
	return row
		? `${row.delivered}, ${fixed(row.meanMs, row.meanMs < 100 ? 1 : 0)} / ${fixed(row.p99Ms)}, ${fixed(row.rmr, 2)}, ${fixed(row.cpuPerReceptionMs, 2)}`
		: '';
}

function runsNote(results: Results): string {
	const repeats = results.sockets[0]?.repeats ?? 1;
	return repeats > 1
		? `Each load runs ${repeats} times on one mesh; its row is the run with the median mean dissemination (the baseline took medians of 3 runs).`
		: 'One run of each load (the baseline took medians of 3 runs).';
}

/** Plumtree rows whose links carried no control frame measured flooding, not Plumtree: say so. */
function treeIdleNote(results: Results): string[] {
	const tree = results.sockets.filter((run) => run.strategy === 'plumtree');
	const idle = tree.filter((run) => run.controlPerLine === 0);
	if (idle.length === 0) return [];
	return [
		`> **Plumtree did not engage on real sockets** in ${idle.length} of ${tree.length} runs: no IHAVE, GRAFT or PRUNE frame was received, and RMR stayed at flooding's level, so those rows measure flooding. A node says TREE-HELLO (and so takes part in the tree) only to peers whose HELLO marks them as protocol 1.2, and that mark is the catch-up flag (\`hello.sync\`), which only a node that keeps a history sets; these nodes keep none (\`createNode\` without \`history\`; run with \`--history\` to give them one). The simulator does not have this gate.`,
		'',
	];
}

export function socketsSection(results: Results): string[] {
	const loads = [
		...new Map(
			results.sockets.map((run) => [`${run.nodes}@${run.rate}`, run]),
		).values(),
	];
	const ran = strategies.filter((strategy) =>
		results.sockets.some((run) => run.strategy === strategy),
	);
	const beside = loads.map((load) => {
		const same = (row: Baseline) =>
			row.nodes === load.nodes && row.rate === load.rate;
		return [
			`${load.nodes} @ ${load.rate}${load.rate === 200 ? ' (a 1 s burst)' : ''}`,
			baselineCell(gossipsub.find((row) => same(row))),
			baselineCell(floodBefore.find((row) => same(row))),
			...ran.map((strategy) => {
				const run = results.sockets.find(
					(one) =>
						one.strategy === strategy &&
						one.nodes === load.nodes &&
						one.rate === load.rate,
				);
				return run
					? `${percent(run.delivered)}, ${fixed(run.meanMs, 1)} / ${fixed(run.p99Ms)}, ${fixed(run.rmr, 2)}, ${fixed(run.cpuPerReceptionMs, 3)}`
					: 'not run';
			}),
		];
	});
	const detail = results.sockets.map((run) => [
		`${run.nodes} @ ${run.rate}`,
		run.strategy,
		`${run.lines} in ${run.seconds} s`,
		percent(run.delivered),
		`${fixed(run.meanMs, 1)} / ${fixed(run.p99Ms, 1)}`,
		fixed(run.rmr, 2),
		fixed(run.controlPerLine, 1),
		fixed(run.cpuPerReceptionMs, 3),
		fixed(run.cpuPerDeliveredMs, 3),
		fixed(run.loopDelayP99Ms, 1),
		fixed(run.convergedS, 1),
		fixed(run.announcementsPerSecond),
		fixed(run.machineLoad, 1),
	]);
	return [
		'## Real sockets',
		'',
		`N nodes made with \`createNode\` (from \`source/index.ts\`) in this one Node process, on 127.0.0.1 with ports the kernel picks, each joining through a random earlier node; measured once the mesh converged (every node lists all others online) and settled 5 s. 1 KiB lines from random nodes at the given rate. ${runsNote(results)} ${results.history ? 'Each node keeps a history (SQLite in a temporary folder, `--history`), as the CLI does by default: every delivered line is also stored.' : 'The nodes keep no history (`createNode` without `history`, as in the baseline; `--history` gives them one, as the CLI keeps by default).'} The load average of the machine is in the last column: with other sessions running, a load above the 2 cores shows up directly in latency and event-loop delay.`,
		'',
		'- delivered: deliveries / (lines × (N - 1))',
		'- dissemination: time from publish until the last node delivered the line, mean / p99 over lines (ms)',
		'- RMR: chat frames received by all nodes / (lines × (N - 1)) - 1, before de-duplication',
		'- CPU: `process.cpuUsage()` of the whole process (every node and the harness) from the first publish until every line was everywhere, divided by the chat frames received (per reception) or by the lines delivered (per delivered line)',
		'- event-loop delay p99: `monitorEventLoopDelay` over the same phase',
		'- membership frames received per s: announcements, digests and wants all nodes received meanwhile (work besides the lines). Nodes started together refresh together (every `refreshMs`, 30 s): before the digests of issue 13 item 2, a 50-node mesh received some 2,000 full announcements a second for several seconds about 20-30 s after it converged (measured on this machine). A load that overlaps such a wave pays for it in latency and event-loop delay; this column shows which did.',
		'',
		...treeIdleNote(results),
		'### Beside gossipsub',
		'',
		'Each cell: delivered, mean / p99 dissemination (ms), RMR, CPU ms per reception. The gossipsub and "p2p-chat before" columns are **issue 13\'s measurement** of js-libp2p 2.9 + @chainsafe/libp2p-gossipsub 14.1 (and of p2p-chat as it flooded then) on this machine, in the same harness shape, quoted here, not re-measured (libp2p is not installed).',
		'',
		...table(
			[
				'nodes @ lines/s',
				'gossipsub (issue 13)',
				'p2p-chat before (issue 13)',
				...ran.map((strategy) => `${strategy} now`),
			],
			beside,
		),
		'',
		'### All measures',
		'',
		...table(
			[
				'nodes @ lines/s',
				'strategy',
				'lines',
				'delivered',
				'mean / p99 (ms)',
				'RMR',
				'control per line',
				'CPU ms per reception',
				'CPU ms per delivered line',
				'event-loop delay p99 (ms)',
				'mesh converged (s)',
				'membership frames received per s',
				'machine load (1 min)',
			],
			detail,
		),
		'',
	];
}
