/**
 * The sidebar's rows, computed when the snapshot is built: one per native
 * peer, from the core's peer registry (keyed by key) and our links, then
 * one per address in the host table that is not such a peer (legacy hosts,
 * and addresses being tried). Nothing here is stored: the registries are
 * the truth, and this only reads them.
 */
import {formatHostPort} from '../protocol/address.js';
import type {HostRecord} from '../protocol/host-table.js';
import {fingerprintOf, type PeerKey} from '../protocol/peer-key.js';
import type {PeerInfo, RememberedPeer} from '../protocol/membership-types.js';
import type {NativeLinks} from '../node/native-links.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import type {
	AddressView,
	HostView,
	LegacyHostView,
	PeerReach,
	PeerView,
} from './types.js';

/** What the rows are read from. */
export type RowSources = {
	readonly links: NativeLinks;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
	/** When this node saw `key` go offline, if it is offline now. */
	readonly offlineSince: (key: string) => number | undefined;
};

/** What a native peer's row is built from: its announcement, or only its link. */
type PeerFacts = Pick<PeerInfo, 'key' | 'nick' | 'address'> & {
	readonly heardAt: number | undefined;
};

/** Every row, native peers first (in the order the mesh learned them). */
export function hostViews(
	sources: RowSources,
	{secret, now}: {readonly secret: boolean; readonly now: number},
): HostView[] {
	const {runtime, links, hosts} = sources;
	const {view} = runtime;
	const peers: PeerView[] = [];
	const keys = new Set<string>();
	for (const peer of view.peers()) {
		keys.add(peer.key);
		peers.push(peerView(sources, peer, now));
	}

	// A link whose peer has not announced itself yet (it does at once).
	for (const key of view.links) {
		const peer = links.get(key)?.peer;
		if (peer === undefined || keys.has(key)) continue;
		keys.add(key);
		const {nick} = peer.hello;
		peers.push(
			peerView(sources, {key, nick, address: peer.address, heardAt: now}, now),
		);
	}

	// Met before a restart and being dialed again: rows before they answer,
	// so the sidebar shows whom the node is rejoining.
	const rejoiningAt = new Set<string>();
	for (const peer of view.rejoining()) {
		if (keys.has(peer.key)) continue;
		keys.add(peer.key);
		rejoiningAt.add(formatHostPort(peer.address.ip, peer.address.port));
		peers.push(rejoinView(sources, peer));
	}

	const addresses = hosts
		.list()
		.filter(
			(record) =>
				// A native node answered there: its peer row stands for it.
				!(record.publicKey && keys.has(record.publicKey)) &&
				// The peer being rejoined there does, until another answers
				// (a --bootstrap to a node that is down, or refused us, was
				// listed twice: by key, and as "offline never reached"). A
				// legacy host found there since is a row of its own.
				!(
					record.publicKey === undefined &&
					record.dialect !== 'legacy' &&
					rejoiningAt.has(addressOf(record))
				),
		)
		.map((record) => addressView(sources, record, secret));
	return [...peers, ...addresses];
}

/** The row of `record`: its peer's, once a native node answered there. */
export function rowOf(
	rows: readonly HostView[],
	record: HostRecord,
): HostView | undefined {
	const id = record.publicKey ?? record.id;
	return (
		rows.find((row) => row.id === id) ??
		rows.find((row) => row.id === record.id) ??
		rows.find(
			(row) =>
				row.kind === 'peer' &&
				row.rejoining === true &&
				row.address === addressOf(record),
		)
	);
}

function addressOf(record: HostRecord): string {
	return formatHostPort(record.address, record.port);
}

function peerView(sources: RowSources, peer: PeerFacts, now: number): PeerView {
	const {view} = sources.runtime;
	const reach = reachOf(sources, peer.key);
	const online = reach.kind !== 'none';
	const left = !online && view.hasLeft(peer.key);
	const connecting = view.isJoining(peer.key, now) || view.isDialing(peer.key);
	const refused = online ? undefined : sources.links.refusal(peer.key);
	return Object.freeze({
		kind: 'peer',
		id: peer.key,
		// Dialed again and again, but refused each time: not coming.
		state: online
			? 'online'
			: connecting && !left && refused === undefined
				? 'connecting'
				: 'offline',
		publicKey: peer.key,
		fingerprint: fingerprintOf(peer.key),
		nick: peer.nick,
		address: peer.address && formatHostPort(peer.address.ip, peer.address.port),
		reach,
		left,
		lastSeen:
			online || left
				? peer.heardAt
				: (sources.offlineSince(peer.key) ?? peer.heardAt),
		...(refused === undefined ? {} : {refused: refused.text}),
	});
}

/**
 * A peer met before the restart that has not answered yet: connecting
 * while this node has no link at all (it dials them all then), offline
 * once the mesh is joined and it still has not come. Its stored nick is
 * `formerNick`, never `nick`, which is what a peer says this run.
 */
function rejoinView(sources: RowSources, peer: RememberedPeer): PeerView {
	const {view} = sources.runtime;
	const refused = sources.links.refusal(peer.key);
	// Dialed again and again, but refused each time: not coming.
	const connecting =
		refused === undefined &&
		(view.links.length === 0 || view.isDialing(peer.key));
	const row: PeerView = {
		kind: 'peer',
		id: peer.key,
		state: connecting ? 'connecting' : 'offline',
		publicKey: peer.key,
		fingerprint: fingerprintOf(peer.key),
		nick: '',
		address: formatHostPort(peer.address.ip, peer.address.port),
		reach: {kind: 'none'},
		left: false,
		lastSeen: peer.heardAt,
		rejoining: true,
		...(peer.nick === undefined ? {} : {formerNick: peer.nick}),
		...(refused === undefined ? {} : {refused: refused.text}),
	};
	return Object.freeze(row);
}

function reachOf(sources: RowSources, key: PeerKey): PeerReach {
	const link = sources.links.get(key);
	if (link?.ready) {
		return {
			kind: 'direct',
			direction: link.initiator ? 'dialed' : 'accepted',
			via: link.via,
		};
	}

	const hops = sources.runtime.view.reachable().get(key);
	return hops === undefined ? {kind: 'none'} : {kind: 'relayed', hops};
}

function addressView(
	sources: RowSources,
	record: HostRecord,
	secret: boolean,
): LegacyHostView | AddressView {
	const {hosts} = sources;
	const facts = {
		id: record.id,
		address: record.address,
		port: record.port,
		firstSeen: record.firstSeen,
		lastSeen: record.lastSeen,
		status: record.status,
		queued: hosts.queued(record.id),
		failures: record.failures,
		origin: record.origin,
	};
	if (record.dialect === 'legacy') {
		return Object.freeze({
			...facts,
			kind: 'legacy',
			state: 'legacy',
			route: secret ? undefined : hosts.serves(record) ? 'direct' : 'relayed',
		});
	}

	// Never tried yet (the first dial is about to start), or being tried.
	const connecting =
		hosts.busy(record.id) ||
		(record.status === 'unknown' && record.publicKey === undefined);
	const refused = sources.links.refusalAt(record.address, record.port);
	return Object.freeze({
		...facts,
		kind: 'address',
		state: connecting ? 'connecting' : 'offline',
		...(refused === undefined ? {} : {refused: refused.text}),
	});
}
