/**
 * The text of `/peers` and `/whois`: pure functions of a snapshot that
 * return the notice lines, so the runner only has to log them.
 */
import type {ChatSnapshot, HostView} from '../service/types.js';
import {formatAddress, formatClock} from '../view/format.js';
import {countOnline, isOnline, isRefused} from '../service/peer-status.js';
import {
	describeDirection,
	hostFingerprint,
	peerName,
} from '../view/peer-state.js';

type Network = ChatSnapshot['network'];

const legacyStatus: Record<HostView['status'], string> = {
	reachable: 'reachable',
	unreachable: 'unreachable',
	unknown: 'not yet contacted',
};

/** What the dialect adds to the state word. */
function dialectWords(host: HostView): string[] {
	switch (host.dialect) {
		case 'legacy': {
			const relayed =
				host.route === 'relayed' ? ['lines passed on by a peer'] : [];
			return [legacyStatus[host.status], ...relayed];
		}

		case 'native': {
			return ['native', describeDirection(host)];
		}

		case 'unknown': {
			return ['dialect unknown'];
		}
	}
}

/** When we last heard of a host; nothing for a peer online now. */
function lastSeenWords(host: HostView): string[] {
	if (host.state === 'online') return [];
	if (host.lastSeen === undefined) return ['never seen'];
	return [
		`${host.left ? 'left at' : 'last seen'} ${formatClock(host.lastSeen)}`,
	];
}

/**
 * One `/peers` line: nick·fingerprint (native), address, state, dialect and
 * connection, last seen, trouble if any.
 */
export function describeHost(host: HostView, network: Network): string {
	const name = peerName(host.nick, hostFingerprint(host));
	const parts = [
		...(name === undefined ? [] : [name]),
		host.id,
		isRefused(host, network) ? `${host.state} refused` : host.state,
		...dialectWords(host),
		...lastSeenWords(host),
	];
	if (host.queued > 0) {
		parts.push(`${host.queued} queued`);
	}

	if (host.failures > 0) {
		parts.push(`${host.failures} failed attempts`);
	}

	return parts.join('  ');
}

/** What `/connect` says about the host it added. */
export function connectLine(host: HostView, network: Network): string {
	if (isRefused(host, network)) {
		return `Added ${host.id}, but it speaks the legacy plain-text protocol, which a secret network refuses`;
	}

	if (isOnline(host, network)) {
		const name = peerName(host.nick, hostFingerprint(host));
		const legacy = host.state === 'legacy' ? ' (legacy, plain text)' : '';
		return name === undefined
			? `Connected to ${host.id}${legacy}`
			: `Connected to ${name} at ${host.id}`;
	}

	const state =
		host.state === 'legacy'
			? `legacy, ${legacyStatus[host.status]}`
			: host.state;
	return `Added ${host.id} (${state}; will retry)`;
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

/** One address of a peer in `/whois`: where, state, dialect, connection. */
function whoisAddress(host: HostView, network: Network): string {
	const state = isRefused(host, network)
		? `${host.state}, refused`
		: host.left
			? `${host.state}, left`
			: host.state;
	return `  address ${host.id} — ${[state, ...dialectWords(host)].join(', ')}`;
}

/**
 * The `/whois NICK` output: every key that uses the nick (ours included),
 * each with its full public key, fingerprint, and the addresses of the hosts
 * with that key. Nicks match exactly, case included.
 */
export function whoisLines(snapshot: ChatSnapshot, nick: string): string[] {
	const {hosts, network, identity, listening} = snapshot;
	// Matching hosts grouped by key; a host without a key is its own group.
	const groups = new Map<string, HostView[]>();
	for (const host of hosts) {
		if (host.nick === nick) {
			const group = host.publicKey ?? `host ${host.id}`;
			groups.set(group, [...(groups.get(group) ?? []), host]);
		}
	}

	const self = snapshot.nick === nick;
	const count = groups.size + (self ? 1 : 0);
	if (count === 0) {
		return [`No peer called ${nick}`];
	}

	const lines =
		count > 1
			? [
					`${count} keys use the nick ${nick}: check the fingerprint, a nick proves nothing`,
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

	for (const [key, matching] of groups) {
		const first = matching[0];
		if (first === undefined) {
			continue;
		}

		const fingerprint = hostFingerprint(first);
		// Every row with this key, also one still under an older nick.
		const addresses =
			first.publicKey === undefined
				? matching
				: hosts.filter((host) => host.publicKey === key);
		lines.push(
			peerName(nick, fingerprint) ?? nick,
			`  key ${first.publicKey ?? 'unknown'}`,
			`  fingerprint ${fingerprint ?? 'unknown'}`,
			...addresses.map((host) => whoisAddress(host, network)),
		);
	}

	return lines;
}
