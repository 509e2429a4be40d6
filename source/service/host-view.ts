/**
 * From a host-table record plus what the node layer knows right now (is a
 * link up, is an attempt under way) to the frozen row the UI shows.
 */
import type {HostRecord} from '../protocol/host-table.js';
import {fingerprintOf} from '../protocol/link-choice.js';
import type {CoreView} from '../protocol/node-core.js';
import type {NativeLinks} from '../node/native-links.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import type {HostView, LinkState} from './types.js';

/** Live facts about a host that the table does not hold. */
export type HostLiveState = {
	readonly queued: number;
	readonly attempting: boolean;
	/** The native link to this host's key, if one is up. */
	readonly link: {readonly initiator: boolean} | undefined;
	/** Native peers the mesh can reach: links along the shortest path (1 = direct). */
	readonly hops: number | undefined;
	/**
	 * Legacy hosts: whether this node passes the mesh's lines to it (else
	 * another node does); undefined where legacy hosts get nothing (secret).
	 */
	readonly serves: boolean | undefined;
	/** Native peers: its newest announcement was a goodbye. */
	readonly left: boolean;
	/** Native peers learned lately and not reachable yet (see `Membership.isJoining`). */
	readonly joining: boolean;
};

/** The row the UI shows for `record`, from what the parts know right now. */
export function rowView(
	parts: {
		readonly links: NativeLinks;
		readonly hosts: Hosts;
		readonly runtime: Runtime;
	},
	record: HostRecord,
	{secret, now}: {readonly secret: boolean; readonly now: number},
): HostView {
	const {links, hosts, runtime} = parts;
	const link = record.publicKey ? links.get(record.publicKey) : undefined;
	return hostView(record, {
		queued: hosts.queued(record.id),
		attempting: hosts.busy(record.id),
		link: link?.ready ? {initiator: link.initiator} : undefined,
		serves: secret ? undefined : hosts.serves(record),
		...meshFacts(runtime.view, record.publicKey, now),
	});
}

/** What the mesh knows of a native peer (by key) that its row shows. */
export function meshFacts(
	membership: CoreView,
	key: string | undefined,
	now: number,
): Pick<HostLiveState, 'hops' | 'left' | 'joining'> {
	if (key === undefined) return {hops: undefined, left: false, joining: false};
	return {
		hops: membership.reachable().get(key),
		left: membership.hasLeft(key),
		joining: membership.isJoining(key, now),
	};
}

export function linkState(record: HostRecord, live: HostLiveState): LinkState {
	if (record.dialect === 'legacy') return 'legacy';
	if (live.link !== undefined || live.hops !== undefined) return 'online';
	if (live.attempting || live.joining) return 'connecting';
	// Never tried yet: the first dial is about to start. (A peer learned
	// from others has a key already; unreachable in the mesh is offline.)
	if (record.status === 'unknown' && !record.publicKey) return 'connecting';
	return 'offline';
}

export function hostView(record: HostRecord, live: HostLiveState): HostView {
	return Object.freeze({
		id: record.id,
		address: record.address,
		port: record.port,
		firstSeen: record.firstSeen,
		lastSeen: record.lastSeen,
		dialect: record.dialect,
		status: record.status,
		queued: live.queued,
		failures: record.failures,
		origin: record.origin,
		state: linkState(record, live),
		publicKey: record.publicKey,
		fingerprint: record.publicKey ? fingerprintOf(record.publicKey) : undefined,
		nick: record.nick,
		direction: directionOf(live),
		route: routeOf(record, live),
		hops: live.link ? 1 : live.hops,
		left: live.left && live.link === undefined && live.hops === undefined,
	});
}

function directionOf(live: HostLiveState): HostView['direction'] {
	if (!live.link) return undefined;
	return live.link.initiator ? 'dialed' : 'accepted';
}

function routeOf(record: HostRecord, live: HostLiveState): HostView['route'] {
	if (record.dialect === 'legacy') {
		if (live.serves === undefined) return undefined;
		return live.serves ? 'direct' : 'relayed';
	}

	if (live.link) return 'direct';
	return live.hops === undefined ? undefined : 'relayed';
}
