/**
 * Which node passes mesh lines to a legacy host: of all reachable nodes that
 * announce the host, the one with the smallest key, so the host gets each
 * line once. A loopback address names the same host only for nodes on this
 * machine (`localPeers` in `peer-graph.ts`); elsewhere `127.0.0.1:1248` is
 * somebody else's seed. When unsure, serve: a legacy host shown a line
 * twice is better off than one never shown it. Pure.
 */
import {isLoopback} from './address.js';
import type {PeerKey} from './flood.js';
import {sameAddress, type PeerAddress} from './gossip-messages.js';
import type {PeerEntry} from './peer-book.js';

export type LegacyServing = {
	readonly self: PeerKey;
	/** The legacy host. */
	readonly address: PeerAddress;
	/** Every peer we know, with its newest announcement. */
	readonly peers: Iterable<PeerEntry>;
	readonly reach: ReadonlyMap<PeerKey, number>;
	/** Peers on this machine (asked for only for a loopback address). */
	readonly onThisMachine: () => ReadonlySet<PeerKey>;
};

/** Whether `self` is the node that serves the legacy host at `address`. */
export function servesLegacy(serving: LegacyServing): boolean {
	const {self, address, peers, reach} = serving;
	const local = isLoopback(address.ip) ? serving.onThisMachine() : undefined;
	for (const entry of peers) {
		const {announcement} = entry;
		if (
			announcement &&
			entry.key < self &&
			reach.has(entry.key) &&
			(!local || local.has(entry.key)) &&
			announcement.legacy.some((item) => sameAddress(item, address))
		) {
			return false;
		}
	}

	return true;
}
