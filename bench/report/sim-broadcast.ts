/**
 * The simulator's broadcast runs: N nodes on a fixed random overlay (each
 * links to random others until it holds the mesh's `activeLinks`, as a
 * joining node dials; at most `maxLinks`), and at 100 nodes also on the
 * real link-state membership, converged from random bootstraps, to show the
 * fixed overlay stands in for it. Lines from random live nodes, one at a
 * time; the first few (`warmUp`) let a strategy that learns its tree
 * (Plumtree) settle and are not counted.
 */
import {fixedOverlay} from '../../test/helpers/fixed-overlay.js';
import {Simulator} from '../../test/helpers/simulator.js';
import {
	measureLine,
	randomLive,
	summarize,
	type LinesSummary,
} from './sim-lines.js';
import {meshConfig, type Strategy} from './strategy.js';

export type Overlay = 'fixed' | 'link-state';

export type BroadcastRun = {
	readonly nodes: number;
	readonly overlay: Overlay;
	readonly strategy: Strategy;
	readonly seed: number;
	readonly summary: LinesSummary;
	/** Links per node, mean. */
	readonly degree: number;
	/** Wall-clock seconds the run took (building included). */
	readonly wallS: number;
};

/** Lines not counted at the start, and simulated ms each line is given to spread. */
export const warmUp = 3;
export const windowMs = 4000;

/** What one broadcast run is: how many nodes on which overlay, which strategy, how many lines. */
export type BroadcastPlan = {
	readonly nodes: number;
	readonly overlay: Overlay;
	readonly strategy: Strategy;
	readonly lines: number;
	readonly seed: number;
};

/** Build the plan's nodes on its overlay, broadcast its lines with its strategy. */
export function simulateBroadcast(plan: BroadcastPlan): BroadcastRun {
	const {nodes, overlay, strategy, lines, seed} = plan;
	const started = performance.now();
	const config = meshConfig(strategy);
	const sim = new Simulator({
		seed,
		config,
		membership: overlay,
		maxEvents: 2_000_000_000,
	});
	if (overlay === 'fixed') {
		fixedOverlay(sim, nodes, config.activeLinks, config.maxLinks);
		sim.run(1000);
	} else {
		converge(sim, nodes);
	}

	const costs = [];
	for (let line = 0; line < warmUp + lines; line++) {
		const cost = measureLine(sim, randomLive(sim), windowMs);
		if (line >= warmUp) costs.push(cost);
	}

	const live = sim.live();
	return {
		nodes,
		overlay,
		strategy,
		seed,
		summary: summarize(costs),
		degree:
			live.reduce((sum, node) => sum + node.core.links.length, 0) / live.length,
		wallS: (performance.now() - started) / 1000,
	};
}

/** Nodes join one by one through a random earlier node; run until all reach all. */
function converge(sim: Simulator, nodes: number): void {
	const keys = [sim.addNode()];
	for (let index = 1; index < nodes; index++) {
		sim.run(10);
		keys.push(sim.addNode(keys[Math.floor(sim.random() * keys.length)]));
	}

	sim.runUntil(
		() => sim.live().every((node) => node.core.reachable().size === nodes - 1),
		300_000,
		500,
	);
	// Let the last announcements settle before the lines.
	sim.run(5000);
}
