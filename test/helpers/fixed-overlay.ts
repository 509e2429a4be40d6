/**
 * A fixed overlay for the simulator: every node linked at once to a few
 * random others, made directly (no dial, no handshake) on a simulator whose
 * membership is `fixed` (announcements counted, not sent; dials not made).
 * Broadcast at 10,000 nodes fits in one process this way, where full
 * link-state membership (every node learning every other's links) does
 * not. The graph is random with every node's degree at least `degree`
 * (when the link budget allows) and at most the mesh's `maxLinks`.
 */
import type {PeerKey} from '../../source/protocol/peer-key.js';
import type {Simulator} from './simulator.js';

/** Add `count` nodes to `sim` and link each to `degree` random others; their keys. */
export function fixedOverlay(
	sim: Simulator,
	count: number,
	degree: number,
	maxLinks: number,
): PeerKey[] {
	const keys: PeerKey[] = [];
	for (let index = 0; index < count; index++) keys.push(sim.addNode());
	const links = new Map<PeerKey, Set<PeerKey>>(
		keys.map((key) => [key, new Set()]),
	);
	for (const key of keys) {
		const own = links.get(key)!;
		// Bounded: a few draws per link wanted, then give up on this node.
		for (let draw = 0; draw < degree * 20 && own.size < degree; draw++) {
			const other = keys[Math.floor(sim.random() * count)]!;
			const theirs = links.get(other)!;
			if (other === key || own.has(other) || theirs.size >= maxLinks) continue;
			own.add(other);
			theirs.add(key);
			sim.link(key, other);
		}
	}

	return keys;
}
