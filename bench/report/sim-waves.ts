/**
 * Failure waves: a share of 1,000 nodes on the fixed overlay killed at once
 * (their links close, peers notice at once, as after kill -9), then lines
 * from random survivors, one at a time: the reliability of the first line
 * (published in the instant of the wave, over the survivors) and how many
 * lines until one reaches every survivor. The overlay is fixed: membership
 * does not repair it (no dials), so survivors cut off from the largest
 * connected part cannot be reached by any broadcast; `ceiling` is the
 * share that can, which bounds every strategy's reliability here.
 */
import {fixedOverlay} from '../../test/helpers/fixed-overlay.js';
import {Simulator} from '../../test/helpers/simulator.js';
import type {PeerKey} from '../../source/protocol/peer-key.js';
import {measureLine, randomLive} from './sim-lines.js';
import {warmUp, windowMs} from './sim-broadcast.js';
import {meshConfig, type Strategy} from './strategy.js';

export type WaveRun = {
	readonly killed: number;
	readonly strategy: Strategy;
	readonly survivors: number;
	/** Reliability of the first line after the wave, over the survivors. */
	readonly first: number;
	/** Lines until one reached every survivor (1: the first did); undefined: none of `maxLines`. */
	readonly linesUntilAll: number | undefined;
	/** The most any broadcast could reach: survivors in the largest connected part. */
	readonly ceiling: number;
};

export const waveNodes = 1000;
export const maxLines = 10;

/** Kill `killed` (a share) of 1,000 nodes at once; then lines until one reaches all. */
export function failureWave(
	killed: number,
	strategy: Strategy,
	seed: number,
): WaveRun {
	const config = meshConfig(strategy);
	const sim = new Simulator({
		seed,
		config,
		membership: 'fixed',
		maxEvents: 2_000_000_000,
	});
	const keys = fixedOverlay(
		sim,
		waveNodes,
		config.activeLinks,
		config.maxLinks,
	);
	sim.run(1000);
	for (let line = 0; line < warmUp; line++) {
		measureLine(sim, randomLive(sim), windowMs);
	}

	const victims = shuffled(keys, sim.random).slice(
		0,
		Math.round(killed * waveNodes),
	);
	for (const key of victims) sim.kill(key);
	const first = measureLine(sim, randomLive(sim), windowMs).reliability;
	let linesUntilAll = first === 1 ? 1 : undefined;
	for (let line = 2; line <= maxLines && linesUntilAll === undefined; line++) {
		if (measureLine(sim, randomLive(sim), windowMs).reliability === 1) {
			linesUntilAll = line;
		}
	}

	return {
		killed,
		strategy,
		survivors: sim.live().length,
		first,
		linesUntilAll,
		ceiling: largestPart(sim),
	};
}

/** The share of the other survivors in the largest connected part of the live links. */
function largestPart(sim: Simulator): number {
	const live = sim.live();
	const links = new Map(live.map((node) => [node.key, node.core.links]));
	const seen = new Set<PeerKey>();
	let largest = 0;
	for (const {key} of live) {
		if (seen.has(key)) continue;
		seen.add(key);
		const stack = [key];
		let size = 0;
		// Bounded: each live node enters the stack once.
		while (stack.length > 0) {
			size++;
			for (const next of links.get(stack.pop()!) ?? []) {
				if (links.has(next) && !seen.has(next)) {
					seen.add(next);
					stack.push(next);
				}
			}
		}

		largest = Math.max(largest, size);
	}

	return live.length > 1 ? (largest - 1) / (live.length - 1) : 1;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const copy = [...items];
	for (let index = copy.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[copy[index], copy[other]] = [copy[other]!, copy[index]!];
	}

	return copy;
}
