/**
 * What one line cost in the simulator, measured as the broadcast papers do
 * (Leitão et al., SRDS 2007): reliability (share of the other live nodes
 * that delivered it), RMR = payload receptions / (n - 1) - 1 (receptions
 * counted before de-duplication), broadcast control frames sent, the hop
 * of the last delivery, and the simulated time until the last delivery.
 */
import type {PeerKey} from '../../source/protocol/peer-key.js';
import type {Simulator} from '../../test/helpers/simulator.js';
import {mean, median} from './numbers.js';
import {controlFrames, payloadFrames} from './strategy.js';

export type LineCost = {
	/** Nodes that delivered it (its author not counted). */
	readonly reached: number;
	readonly reliability: number;
	readonly rmr: number;
	readonly control: number;
	/** Plumtree's control frames sent, by kind (zero where the simulator does not count them). */
	readonly ihave: number;
	readonly graft: number;
	readonly prune: number;
	readonly lastHop: number;
	readonly lastMs: number;
};

/** Lines' costs summed up for a table row. */
export type LinesSummary = {
	readonly lines: number;
	readonly reliability: number;
	readonly rmr: number;
	readonly control: number;
	readonly ihave: number;
	readonly graft: number;
	readonly prune: number;
	readonly lastHopMax: number;
	readonly lastHopMedian: number;
	readonly lastMsMean: number;
};

/** `author` publishes a line; run `windowMs` of simulated time; what it cost. */
export function measureLine(
	sim: Simulator,
	author: PeerKey,
	windowMs: number,
): LineCost {
	const others = sim.live().length - 1;
	const payloadBefore = payloadFrames(sim.framesReceived);
	const controlBefore = controlFrames(sim.framesSent);
	const treeBefore = treeFrames(sim);
	const start = sim.now;
	const id = sim.publish(author);
	sim.run(windowMs);
	const reached = [...sim.reached.get(id)!.values()];
	const receptions = payloadFrames(sim.framesReceived) - payloadBefore;
	const treeAfter = treeFrames(sim);
	return {
		reached: reached.length,
		reliability: reached.length / others,
		rmr: receptions / others - 1,
		control: controlFrames(sim.framesSent) - controlBefore,
		ihave: treeAfter.ihave - treeBefore.ihave,
		graft: treeAfter.graft - treeBefore.graft,
		prune: treeAfter.prune - treeBefore.prune,
		lastHop: Math.max(0, ...reached.map((one) => one.hop)),
		lastMs: Math.max(0, ...reached.map((one) => one.at - start)),
	};
}

export function summarize(costs: readonly LineCost[]): LinesSummary {
	const hops = costs.map((cost) => cost.lastHop);
	return {
		lines: costs.length,
		reliability: mean(costs.map((cost) => cost.reliability)),
		rmr: mean(costs.map((cost) => cost.rmr)),
		control: mean(costs.map((cost) => cost.control)),
		ihave: mean(costs.map((cost) => cost.ihave)),
		graft: mean(costs.map((cost) => cost.graft)),
		prune: mean(costs.map((cost) => cost.prune)),
		lastHopMax: Math.max(...hops),
		lastHopMedian: median(hops),
		lastMsMean: mean(costs.map((cost) => cost.lastMs)),
	};
}

/** Plumtree's frames the simulator counted so far, by kind (read by name: older simulators have none). */
function treeFrames(sim: Simulator) {
	const traffic = new Map<string, number>(Object.entries(sim.traffic));
	return {
		ihave: traffic.get('ihave') ?? 0,
		graft: traffic.get('graft') ?? 0,
		prune: traffic.get('prune') ?? 0,
	};
}

/** A live node of `sim` drawn with its seeded test randomness. */
export function randomLive(sim: Simulator): PeerKey {
	const live = sim.live();
	return live[Math.floor(sim.random() * live.length)]!.key;
}
