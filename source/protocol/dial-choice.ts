/**
 * Which peers membership dials on a tick. Free slots (up to `activeLinks`)
 * are filled from online peers with room first (their announcements say how
 * many links they hold), then other online peers, and, when this node has
 * no link at all, anyone it knows. Then a split is healed: one peer that
 * has been unreachable for `healAfterMs` is dialed, while no other dial is
 * under way and a slot is left under `maxLinks`. Pure; `random` is injected.
 */
import type {PeerKey} from './flood.js';
import type {MeshConfig} from './mesh-config.js';
import type {PeerEntry} from './peer-book.js';

export type DialChoice = {
	/** Announced peers that may be dialed now (see `PeerBook.dialable`). */
	readonly eligible: readonly PeerEntry[];
	readonly reach: ReadonlyMap<PeerKey, number>;
	readonly links: number;
	readonly dialing: number;
	readonly config: MeshConfig;
	readonly random: () => number;
	readonly now: number;
};

export function chooseDials(choice: DialChoice): PeerEntry[] {
	const {eligible, reach, links, dialing, config, random, now} = choice;
	const chosen: PeerEntry[] = [];
	const hasRoom = (entry: PeerEntry) =>
		entry.announcement!.links.length < config.maxLinks;
	const online = eligible.filter((entry) => reach.has(entry.key));
	const pools = [
		online.filter((entry) => hasRoom(entry)),
		online.filter((entry) => !hasRoom(entry)),
	];
	if (links === 0)
		pools.push(eligible.filter((entry) => !reach.has(entry.key)));
	let free = config.activeLinks - links - dialing;
	for (const pool of pools) {
		while (free > 0 && pool.length > 0) {
			chosen.push(takeRandom(pool, random));
			free--;
		}
	}

	const cut = eligible.filter(
		(entry) =>
			!reach.has(entry.key) &&
			entry.unreachableSince !== undefined &&
			now - entry.unreachableSince >= config.healAfterMs,
	);
	if (
		dialing + chosen.length === 0 &&
		links < config.maxLinks &&
		cut.length > 0
	) {
		chosen.push(takeRandom(cut, random));
	}

	return chosen;
}

function takeRandom<T>(items: T[], random: () => number): T {
	const index = Math.min(items.length - 1, Math.floor(random() * items.length));
	return items.splice(index, 1)[0]!;
}
