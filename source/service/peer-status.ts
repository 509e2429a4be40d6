/**
 * Which hosts count as online and which the node refuses: rules of the
 * network, not of how it is drawn, so they live beside the snapshot's types
 * and every reader (sidebar, status bar, `/peers`, `/connect`) agrees.
 */
import type {ChatSnapshot, HostView} from './types.js';

/** Whether the network has a secret (`secret`) or not (`open`). */
export type NetworkKind = ChatSnapshot['network'];

/**
 * A legacy (plain-text) host on a network with a secret: the node refuses
 * to talk to it, whatever its reachability.
 */
export function isRefused(host: HostView, network: NetworkKind): boolean {
	return host.state === 'legacy' && network === 'secret';
}

/**
 * Whether `host`'s last link was refused because the network secrets
 * differ (a peer or an address being dialed; a legacy host has no secret).
 */
export function isSecretRefused(host: HostView): boolean {
	return host.kind !== 'legacy' && host.refused !== undefined;
}

/**
 * Whether a host counts as online: a native link is up, or a legacy host
 * answered the last time we tried and is not refused.
 */
export function isOnline(host: HostView, network: NetworkKind): boolean {
	if (host.kind === 'legacy') {
		return host.status === 'reachable' && !isRefused(host, network);
	}

	return host.state === 'online';
}

/** How many of `hosts` are online, as `isOnline` counts. */
export function countOnline(
	hosts: readonly HostView[],
	network: NetworkKind,
): number {
	return hosts.filter((host) => isOnline(host, network)).length;
}
