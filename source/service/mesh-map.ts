/**
 * The mesh as this node sees it (`/map`): its own links, every peer it can
 * reach by hops, and through whom: the core's view (reachable peers and
 * their hops, the links each peer announces), read when the map is drawn
 * and never stored. A peer at n hops is reached through its neighbours at
 * n - 1 (links both ends announce, as the core counts them): those pass
 * its lines to us and ours to it.
 */
import {formatHostPort} from '../protocol/address.js';
import type {CoreView} from '../protocol/node-core.js';
import {fingerprintOf, type PeerKey} from '../protocol/peer-key.js';
import type {NativeLinks} from '../node/native-links.js';
import type {MapPeer, MeshMap} from './inspector-types.js';

/** What the map is read from. */
export type MapSources = {
	readonly view: CoreView;
	readonly links: NativeLinks;
	/** This node, `nick·fingerprint`. */
	readonly self: string;
};

export function meshMap({view, links, self}: MapSources): MeshMap {
	const reach = view.reachable();
	const known = view.peers();
	const nicks = new Map(known.map((peer) => [peer.key, peer.nick]));
	const label = (key: PeerKey) =>
		`${nicks.get(key) ?? '?'}·${fingerprintOf(key)}`;
	const linked = (a: PeerKey, b: PeerKey) =>
		view.announcedLinks(a).includes(b) && view.announcedLinks(b).includes(a);
	const peers: MapPeer[] = [];
	for (const [key, hops] of reach) {
		const link = links.get(key);
		const peer = link?.peer;
		peers.push({
			key,
			label: label(key),
			hops,
			link:
				link?.ready && peer
					? {
							direction: link.initiator ? 'dialed' : 'accepted',
							address: formatHostPort(peer.address.ip, peer.address.port),
						}
					: undefined,
			via:
				hops === 1
					? []
					: view
							.announcedLinks(key)
							.filter(
								(near) => reach.get(near) === hops - 1 && linked(near, key),
							)
							.toSorted(),
		});
	}

	peers.sort((a, b) => a.hops - b.hops || a.label.localeCompare(b.label, 'en'));
	return Object.freeze({
		self,
		peers: Object.freeze(peers),
		unreachable: Object.freeze(
			known
				.filter((peer) => !reach.has(peer.key) && !peer.left)
				.map((peer) => label(peer.key)),
		),
	});
}
