/**
 * The sidebar rows of a snapshot by kind, for tests that ask about native
 * peers (by key) or about hosts listed by address.
 */
import type {
	AddressView,
	ChatSnapshot,
	LegacyHostView,
	PeerView,
} from '../../source/service/types.js';

type Rows = Pick<ChatSnapshot, 'hosts'>;

/** The native peers' rows. */
export function peerRows(snapshot: Rows): PeerView[] {
	return snapshot.hosts.filter((host) => host.kind === 'peer');
}

/** The row of the native peer called `nick` (the first, if several are). */
export function peerNamed(snapshot: Rows, nick: string): PeerView | undefined {
	return peerRows(snapshot).find((peer) => peer.nick === nick);
}

/** Native peers this node holds a link with. */
export function directPeers(snapshot: Rows): PeerView[] {
	return peerRows(snapshot).filter((peer) => peer.reach.kind === 'direct');
}

/** Native peers reached only through others. */
export function relayedPeers(snapshot: Rows): PeerView[] {
	return peerRows(snapshot).filter((peer) => peer.reach.kind === 'relayed');
}

/** The row listed by address `id` (`ip:port`): a legacy host or an address being tried. */
export function addressRow(
	snapshot: Rows,
	id: string,
): LegacyHostView | AddressView | undefined {
	for (const host of snapshot.hosts) {
		if (host.kind !== 'peer' && host.id === id) return host;
	}

	return undefined;
}

/** The rows listed by address (legacy hosts and addresses being tried). */
export function addressRows(
	snapshot: Rows,
): Array<LegacyHostView | AddressView> {
	return snapshot.hosts.filter((host) => host.kind !== 'peer');
}
