/**
 * Which hosts the peer sidebar shows, and in what order: online first,
 * then those being dialed, then the rest, most recently seen first. Peers
 * gone a long while are folded into one line, as are the hosts there is
 * no room for: each host takes two or three rows.
 */
import {
	isOnline,
	isSecretRefused,
	type NetworkKind,
} from '../service/peer-status.js';
import type {HostView} from '../service/types.js';

/** A peer that said goodbye is folded once it has been gone this long. */
export const leftFoldMs = 60_000;
/** A peer lost without a goodbye (it may come back) is folded after this. */
export const lostFoldMs = 10 * 60_000;

/**
 * Rows a host takes: a name row (a peer's nick, or a host's address), the
 * address row under a peer's nick, and the state row.
 */
export function hostRows(host: HostView): number {
	return host.kind === 'peer' ? 3 : 2;
}

/** Whether `host` is a peer offline long enough to fold away. */
export function isLongGone(host: HostView, now: number): boolean {
	if (host.kind !== 'peer' || host.state !== 'offline') return false;
	// It answers, and refuses the link: not gone, and its row says why.
	if (isSecretRefused(host)) return false;
	if (host.lastSeen === undefined) return true;
	return now - host.lastSeen >= (host.left ? leftFoldMs : lostFoldMs);
}

/** 0 online, 1 being dialed, 2 the rest. */
function rank(host: HostView, network: NetworkKind): number {
	if (isOnline(host, network)) return 0;
	return host.state === 'connecting' ? 1 : 2;
}

/** What the sidebar draws. */
export type SidebarRows = {
	/** The hosts drawn, in order. */
	readonly shown: readonly HostView[];
	/** Hosts there was no room for. */
	readonly more: number;
	/** Peers folded away for being gone long. */
	readonly gone: number;
};

/**
 * The hosts that fit in `rows`, ordered, keeping a row for the line that
 * counts the rest when any are left out.
 */
export function sidebarRows(
	hosts: readonly HostView[],
	{
		rows,
		now,
		network,
	}: {
		readonly rows: number;
		readonly now: number;
		readonly network: NetworkKind;
	},
): SidebarRows {
	const kept = hosts.filter((host) => !isLongGone(host, now));
	const gone = hosts.length - kept.length;
	const ordered = kept
		.map((host, index) => ({host, index, rank: rank(host, network)}))
		.toSorted(
			(a, b) =>
				a.rank - b.rank ||
				(a.rank === 2 ? (b.host.lastSeen ?? 0) - (a.host.lastSeen ?? 0) : 0) ||
				a.index - b.index,
		)
		.map(({host}) => host);
	const total = ordered.reduce((sum, host) => sum + hostRows(host), 0);
	const room = gone > 0 || total > rows ? rows - 1 : rows;
	const shown: HostView[] = [];
	let used = 0;
	for (const host of ordered) {
		used += hostRows(host);
		if (used > room) break;
		shown.push(host);
	}

	return {shown, more: ordered.length - shown.length, gone};
}

/** `+3 more, 5 gone a while (/peers)`, or nothing when all are shown. */
export function foldedLine({more, gone}: SidebarRows): string | undefined {
	const parts = [
		...(more > 0 ? [`+${more} more`] : []),
		...(gone > 0 ? [`${gone} gone a while`] : []),
	];
	return parts.length === 0 ? undefined : `${parts.join(', ')} (/peers)`;
}
