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
	/** The same over the survivors its author is still connected to. */
	readonly firstReachable: number;
	/** Simulated ms until the first line's last delivery (a broken tree's repair shows here). */
	readonly firstLastMs: number;
	/** Lines until one reached every survivor (1: the first did); undefined: none of `maxLines`. */
	readonly linesUntilAll: number | undefined;
	/** Lines until one reached every survivor connected to its author. */
	readonly linesUntilReachable: number | undefined;
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
	const parts = connectedParts(sim);
	const lines: Array<{survivors: number; reachable: number; lastMs: number}> =
		[];
	// Bounded: at most `maxLines`, stopping once a line reached every survivor.
	while (lines.length < maxLines && lines.at(-1)?.survivors !== 1) {
		const author = randomLive(sim);
		const {reached, reliability, lastMs} = measureLine(sim, author, windowMs);
		const reachable = (parts.sizes.get(parts.of.get(author)!) ?? 1) - 1;
		lines.push({
			survivors: reliability,
			reachable: reachable === 0 ? 1 : reached / reachable,
			lastMs,
		});
	}

	const until = (share: (line: (typeof lines)[number]) => number) => {
		const index = lines.findIndex((line) => share(line) === 1);
		return index === -1 ? undefined : index + 1;
	};

	const live = sim.live().length;
	return {
		killed,
		strategy,
		survivors: live,
		first: lines[0]!.survivors,
		firstReachable: lines[0]!.reachable,
		firstLastMs: lines[0]!.lastMs,
		linesUntilAll: until((line) => line.survivors),
		linesUntilReachable: until((line) => line.reachable),
		ceiling:
			live > 1 ? (Math.max(...parts.sizes.values()) - 1) / (live - 1) : 1,
	};
}

/**
 * The connected parts of the live nodes' links (the overlay is fixed, so
 * they stay as the wave left them): each live node's part, and each part's size.
 */
function connectedParts(sim: Simulator): {
	of: Map<PeerKey, number>;
	sizes: Map<number, number>;
} {
	const live = new Set(sim.live().map((node) => node.key));
	const of = new Map<PeerKey, number>();
	const sizes = new Map<number, number>();
	for (const key of live) {
		if (of.has(key)) continue;
		const part = sizes.size;
		of.set(key, part);
		const stack = [key];
		let size = 0;
		// Bounded: each live node enters the stack once.
		while (stack.length > 0) {
			size++;
			for (const next of sim.nodes.get(stack.pop()!)!.core.links) {
				if (live.has(next) && !of.has(next)) {
					of.set(next, part);
					stack.push(next);
				}
			}
		}

		sizes.set(part, size);
	}

	return {of, sizes};
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const copy = [...items];
	for (let index = copy.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[copy[index], copy[other]] = [copy[other]!, copy[index]!];
	}

	return copy;
}
