/**
 * The text of `/peers` and `/whois`: pure functions of a snapshot that
 * return the notice lines, so the runner only has to log them.
 */
import type {
	ChatSnapshot,
	HostStatus,
	HostView,
	PeerView,
} from '../service/types.js';
import {formatAddress, formatClock} from '../view/format.js';
import {
	countOnline,
	isOnline,
	isRefused,
	isSecretRefused,
} from '../service/peer-status.js';
import {
	describeReach,
	hostName,
	peerName,
	secretDiffers,
} from '../view/peer-state.js';
import {sanitizeLabel} from '../view/wrap-text.js';

type Network = ChatSnapshot['network'];

const legacyStatus: Record<HostStatus, string> = {
	reachable: 'reachable',
	unreachable: 'unreachable',
	unknown: 'not yet contacted',
};

/** What the dialect adds to the state word. */
function dialectWords(host: HostView): string[] {
	switch (host.kind) {
		case 'legacy': {
			const relayed =
				host.route === 'relayed' ? ['lines passed on by a peer'] : [];
			return [legacyStatus[host.status], ...relayed];
		}

		case 'peer': {
			const before =
				host.formerNick === undefined
					? ''
					: ` as ${sanitizeLabel(host.formerNick)}`;
			const rejoining = host.rejoining
				? [`met before the restart${before}, not heard from yet`]
				: [];
			return ['native', describeReach(host.reach), ...rejoining];
		}

		case 'address': {
			return ['dialect unknown'];
		}
	}
}

/** When we last heard of a host; nothing for a peer online now. */
function lastSeenWords(host: HostView): string[] {
	if (host.state === 'online') return [];
	if (host.lastSeen === undefined) return ['never seen'];
	const left = host.kind === 'peer' && host.left;
	return [`${left ? 'left at' : 'last seen'} ${formatClock(host.lastSeen)}`];
}

/**
 * Lines waiting and failed attempts, for an address row that has any, and
 * a link refused for the network secret, for a peer or an address.
 */
function troubleWords(host: HostView): string[] {
	const refused = isSecretRefused(host);
	if (host.kind === 'peer') return refused ? [secretDiffers] : [];

	return [
		...(host.queued > 0 ? [`${host.queued} queued`] : []),
		...(host.failures > 0 ? [`${host.failures} failed attempts`] : []),
		...(refused ? [secretDiffers] : []),
	];
}

/** Where a row is: a peer's reported address, or the host's own. */
function whereOf(host: HostView): string {
	return host.kind === 'peer' ? (host.address ?? 'address unknown') : host.id;
}

/**
 * One `/peers` line: nick·fingerprint (native), address, state, dialect and
 * connection, last seen, trouble if any.
 */
export function describeHost(host: HostView, network: Network): string {
	const name = hostName(host);
	return [
		...(name === undefined ? [] : [name]),
		whereOf(host),
		isRefused(host, network) ? `${host.state} refused` : host.state,
		...dialectWords(host),
		...lastSeenWords(host),
		...troubleWords(host),
	].join('  ');
}

/** What `/connect` says about the host it added. */
export function connectLine(host: HostView, network: Network): string {
	if (isRefused(host, network)) {
		return `Added ${host.id}, but it speaks the legacy plain-text protocol, which a secret network refuses`;
	}

	if (isOnline(host, network)) {
		return host.kind === 'peer'
			? `Connected to ${hostName(host)} at ${whereOf(host)}`
			: `Connected to ${host.id} (legacy, plain text)`;
	}

	const state =
		host.kind === 'legacy'
			? `legacy, ${legacyStatus[host.status]}`
			: host.state;
	return `Added ${whereOf(host)} (${state}; will retry)`;
}

/** The `/peers` output. */
export function peersLines(snapshot: ChatSnapshot): string[] {
	const {hosts, network} = snapshot;
	if (hosts.length === 0) {
		return ['No known peers yet. Add one with /connect HOST:PORT'];
	}

	return [
		`Known peers: ${hosts.length} (${countOnline(hosts, network)} online)`,
		...hosts.map((host) => `  ${describeHost(host, network)}`),
	];
}

/** A peer's address in `/whois`: where, state, dialect, connection. */
function whoisAddress(peer: PeerView): string {
	const state = peer.left ? `${peer.state}, left` : peer.state;
	return `  address ${whereOf(peer)} — ${[state, ...dialectWords(peer)].join(', ')}`;
}

/** Hex digits that may begin a key: a fingerprint, or more of the key. */
const keyPrefix = /^[\da-f]{8,64}$/v;

/**
 * Whether `query` names the key `publicKey` that uses `nick`: the nick
 * itself (exactly, case included), the `nick·fingerprint` label the screen
 * shows, or the fingerprint (or more of the key) in either case.
 */
function names(
	query: string,
	nick: string,
	{publicKey, fingerprint}: {publicKey: string; fingerprint: string},
): boolean {
	if (query === nick || query === `${nick}·${fingerprint}`) return true;
	const hex = query.toLowerCase();
	return keyPrefix.test(hex) && publicKey.startsWith(hex);
}

/**
 * The `/whois NICK` output (a nick, a label or a fingerprint): every key that `query` names (ours included),
 * each with its full public key, fingerprint, and where it listens. A nick
 * two keys share lists both, and says that a nick proves nothing.
 */
export function whoisLines(snapshot: ChatSnapshot, query: string): string[] {
	const {hosts, identity, listening, nick} = snapshot;
	const peers = hosts.filter(
		(host): host is PeerView =>
			host.kind === 'peer' && names(query, host.nick, host),
	);
	const self = names(query, nick, identity);
	const count = peers.length + (self ? 1 : 0);
	if (count === 0) {
		return keyPrefix.test(query.toLowerCase())
			? [`No peer called ${query}, nor with a key that starts so`]
			: [`No peer called ${query}`];
	}

	const sharing =
		peers.filter((peer) => peer.nick === query).length +
		(self && nick === query ? 1 : 0);
	const lines =
		sharing > 1
			? [
					`${sharing} keys use the nick ${query}: check the fingerprint, a nick proves nothing`,
				]
			: [];
	if (self) {
		lines.push(
			`${peerName(nick, identity.fingerprint) ?? nick} (you)`,
			`  key ${identity.publicKey}`,
			`  fingerprint ${identity.fingerprint}`,
			listening
				? `  address ${formatAddress(listening.host, listening.port)} — this node, listening`
				: '  address none yet — this node, starting',
		);
	}

	for (const peer of peers) {
		lines.push(
			peerName(peer.nick, peer.fingerprint) ?? peer.fingerprint,
			`  key ${peer.publicKey}`,
			`  fingerprint ${peer.fingerprint}`,
			whoisAddress(peer),
			...(peer.refused === undefined ? [] : [`  refused: ${peer.refused}`]),
		);
	}

	return lines;
}
