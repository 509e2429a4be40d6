/**
 * Who is reachable, computed from announcements the way link-state routing
 * does it (OSPF's shortest-path tree, RFC 2328 §16, with unit costs): each
 * node announces its own links; a breadth-first search from this node over
 * links that BOTH ends announce gives every reachable peer and its distance
 * in hops. Requiring both ends means a dead node's last announcement cannot
 * keep it online (its neighbours stop announcing it), and no node can invent
 * a link to someone else. Pure.
 */
import {isLoopback} from './address.js';
import type {PeerKey} from './flood.js';
import type {Announcement, PeerAddress} from './gossip-messages.js';
import {peerKeyOf} from './peer-key.js';

/** What the search needs from a peer's newest announcement. */
export type AnnouncedState = {
	readonly links: readonly PeerKey[];
	readonly leaving: boolean;
};

/** Peer -> hops from `self` (1 for a direct link), for every reachable peer. */
export function reachablePeers(
	self: PeerKey,
	direct: Iterable<PeerKey>,
	announced: ReadonlyMap<PeerKey, AnnouncedState>,
): Map<PeerKey, number> {
	const hops = new Map<PeerKey, number>();
	let frontier: PeerKey[] = [];
	for (const key of direct) {
		if (key === self || hops.has(key)) continue;
		hops.set(key, 1);
		frontier.push(key);
	}

	for (let distance = 2; frontier.length > 0; distance++) {
		const next: PeerKey[] = [];
		for (const from of frontier) {
			const state = announced.get(from);
			if (!state || state.leaving) continue;
			for (const to of state.links) {
				if (to === self || hops.has(to)) continue;
				if (!announces(announced.get(to), from)) continue;
				hops.set(to, distance);
				next.push(to);
			}
		}

		frontier = next;
	}

	return hops;
}

/**
 * Peers on this machine: linked to `self` over loopback, or to one of them
 * (as the side that linked announces it). Only such links say so; an
 * address anyone else reports is where they see the peer, from their
 * machine.
 */
export function localPeers(
	self: PeerKey,
	direct: Iterable<readonly [PeerKey, PeerAddress]>,
	announcementOf: (key: PeerKey) => Announcement | undefined,
): Set<PeerKey> {
	const local = new Set<PeerKey>();
	const frontier: PeerKey[] = [];
	for (const [key, address] of direct) {
		if (isLoopback(address.ip)) {
			local.add(key);
			frontier.push(key);
		}
	}

	while (frontier.length > 0) {
		for (const link of announcementOf(frontier.pop()!)?.links ?? []) {
			const key = peerKeyOf(link.key);
			if (key === self || local.has(key) || !isLoopback(link.ip)) continue;
			local.add(key);
			frontier.push(key);
		}
	}

	return local;
}

function announces(state: AnnouncedState | undefined, key: PeerKey): boolean {
	return state !== undefined && !state.leaving && state.links.includes(key);
}
