/**
 * Small text formatters shared by the message pane, the sidebar, the status
 * bar and the command output. Pure functions of their arguments.
 */

const pad = (value: number): string => String(value).padStart(2, '0');

/** Local wall-clock time as `HH:MM:SS`. */
export function formatClock(epochMs: number): string {
	const date = new Date(epochMs);
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The local date as `2026-12-02`, beside the clock. */
export function formatDate(epochMs: number): string {
	const date = new Date(epochMs);
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A short relative age such as `just now`, `12s ago`, `5m ago`, or `never`. */
export function formatAgo(epochMs: number | undefined, now: number): string {
	if (epochMs === undefined) {
		return 'never';
	}

	// A clock that moved backwards (or a peer's future time) still reads sensibly.
	const seconds = Math.max(0, Math.floor((now - epochMs) / 1000));
	if (seconds < 5) {
		return 'just now';
	}

	if (seconds < 60) {
		return `${seconds}s ago`;
	}

	if (seconds < 3600) {
		return `${Math.floor(seconds / 60)}m ago`;
	}

	if (seconds < 86_400) {
		return `${Math.floor(seconds / 3600)}h ago`;
	}

	return `${Math.floor(seconds / 86_400)}d ago`;
}

/** `host:port`, with IPv6 hosts in brackets as in URLs. */
export function formatAddress(host: string, port: number): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
