/**
 * How a host's link state reads in the sidebar, the status bar and the
 * `/peers` and `/whois` output: one place decides the words and the colours.
 * Which hosts count as online or refused is the service's rule
 * (`service/peer-status.ts`); this module only words it.
 */
import type {
	ChatSnapshot,
	HostView,
	LinkState,
	LinkVia,
	PeerReach,
} from '../service/types.js';
import {isRefused, isSecretRefused} from '../service/peer-status.js';
import {formatAgo} from './format.js';
import {sanitizeLabel} from './wrap-text.js';

/** Colour of each link state (always shown with its word too). */
export const stateColors: Record<LinkState, string> = {
	online: 'green',
	connecting: 'yellow',
	offline: 'red',
	legacy: 'magenta',
};

/** A peer's link refused for the network secret, in a row or a `/peers` line. */
export const secretDiffers = 'secret differs';

/**
 * What follows the state word: `refused` (legacy on a secret network),
 * `secret differs` (a peer that refused our link, or we its, for the
 * network secret) or `unreachable` (a legacy host whose last contact
 * failed), else nothing.
 * Native states already say whether the link is up.
 */
export function stateDetail(
	host: HostView,
	network: ChatSnapshot['network'],
): string | undefined {
	if (isRefused(host, network)) {
		return 'refused';
	}

	// The whole reason is in /whois; the row is narrow.
	if (isSecretRefused(host)) {
		return secretDiffers;
	}

	if (host.kind === 'legacy' && host.status === 'unreachable') {
		return 'unreachable';
	}

	return undefined;
}

/**
 * When we last heard from a host, as the sidebar says it: nothing for a peer
 * online now (it is heard all the time), `left 8s ago` for one that said
 * goodbye, `12s ago` for the rest, and `never reached` for an offline host
 * that never answered.
 */
export function timeLabel(host: HostView, now: number): string | undefined {
	if (host.state === 'online') return undefined;
	if (host.kind === 'peer' && host.left) {
		return `left ${formatAgo(host.lastSeen, now)}`;
	}

	if (host.lastSeen === undefined) {
		return host.state === 'offline' ? 'never reached' : undefined;
	}

	return formatAgo(host.lastSeen, now);
}

/**
 * `dialed by us`, `accepted from them`, `reached through peers (3 hops)`
 * or `not connected`.
 */
export function describeReach(reach: PeerReach): string {
	switch (reach.kind) {
		case 'direct': {
			const how =
				reach.direction === 'dialed' ? 'dialed by us' : 'accepted from them';
			// TCP is the rule; only a swarm link says so.
			return reach.via.kind === 'tcp' ? how : `${how} through a room's swarm`;
		}

		case 'relayed': {
			return `reached through peers (${reach.hops} hops)`;
		}

		case 'none': {
			return 'not connected';
		}
	}
}

/** `tcp` or `swarm`: what our own link runs over. */
export function viaLabel(via: LinkVia): string {
	return via.kind;
}

/**
 * How lines travel between us and an online host, in a word or two for the
 * sidebar: `direct · tcp` or `direct · swarm` (our own link,
 * and what it runs over), `3 hops` (through other peers), or for a
 * legacy host that another node passes the mesh's lines to, `via a peer`.
 */
export function routeLabel(host: HostView): string | undefined {
	switch (host.kind) {
		case 'legacy': {
			return host.route === 'relayed' ? 'via a peer' : undefined;
		}

		case 'peer': {
			if (host.reach.kind === 'direct') {
				return `direct · ${viaLabel(host.reach.via)}`;
			}

			return host.reach.kind === 'relayed'
				? `${host.reach.hops} hops`
				: undefined;
		}

		case 'address': {
			return undefined;
		}
	}
}

/** `nick·fingerprint` of a native peer (made safe to print); undefined for an address. */
export function hostName(host: HostView): string | undefined {
	return host.kind === 'peer'
		? peerName(host.nick, host.fingerprint)
		: undefined;
}

/**
 * `nick·fingerprint`, or whichever of the two is known (`undefined` if
 * neither is); the nick is made safe to print.
 */
export function peerName(
	nick: string | undefined,
	fingerprint: string | undefined,
): string | undefined {
	// A peer being rejoined has said no nick yet: its fingerprint stands alone.
	const safe =
		nick === undefined || nick === '' ? undefined : sanitizeLabel(nick);
	if (safe !== undefined && fingerprint !== undefined) {
		return `${safe}·${fingerprint}`;
	}

	return safe ?? fingerprint;
}
