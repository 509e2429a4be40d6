/**
 * Which hosts the peer sidebar has room for: each host takes two or three
 * rows, and when they do not all fit the last row says how many are hidden.
 */
import type {HostView} from '../service/types.js';

/**
 * Rows a host takes: a name row (a peer's nick, or a host's address), the
 * address row under a peer's nick, and the state row.
 */
export function hostRows(host: HostView): number {
	return host.kind === 'peer' ? 3 : 2;
}

/** The first hosts that fit in `rows`, keeping a row for "+n more" if needed. */
export function fittingHosts(
	hosts: readonly HostView[],
	rows: number,
): readonly HostView[] {
	let total = 0;
	for (const host of hosts) {
		total += hostRows(host);
	}

	if (total <= rows) {
		return hosts;
	}

	let used = 0;
	let count = 0;
	for (const host of hosts) {
		used += hostRows(host);
		if (used > rows - 1) {
			break;
		}

		count++;
	}

	return hosts.slice(0, count);
}
