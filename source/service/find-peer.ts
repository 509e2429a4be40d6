/**
 * Which peer a typed name means, for a private line (`/msg`, `/query`).
 * Nicks are labels, not identities: a private line goes to a key, so a
 * name must point at exactly one, and a nick two keys share must be given
 * as the UI shows it, `nick·fingerprint`, or as a fingerprint.
 */
import type {HostView, PeerView} from './types.js';

/**
 * The peer a name means, or why there is none: `unknown` (no row has the
 * name, perhaps not yet), or a name that can never get a private line.
 */
export type FoundPeer =
	| {readonly peer: PeerView}
	| {
			readonly problem: string;
			readonly why: 'unknown' | 'shared' | 'self' | 'legacy';
	  };

/** The label the UI shows for a peer. */
export function peerLabel(peer: {
	readonly nick: string;
	readonly fingerprint: string;
}): string {
	return `${peer.nick}·${peer.fingerprint}`;
}

/**
 * The native peer among `rows` that `name` means: its nick (exactly, else
 * regardless of case), `nick·fingerprint`, a fingerprint (8 or more hex
 * digits) or its whole key. `self` (this node) is never one.
 */
export function findPeer(
	rows: readonly HostView[],
	self: {readonly publicKey: string; readonly nick: string},
	name: string,
): FoundPeer {
	const peers = rows.filter((row): row is PeerView => row.kind === 'peer');
	const typed = name.trim();
	const matches = candidates(peers, typed);
	if (matches.length === 1) return {peer: matches[0]!};
	if (matches.length > 1) {
		return {
			problem: `${matches.length} peers are called ${typed}: ${matches.map((peer) => peerLabel(peer)).join(', ')}. Write one of these.`,
			why: 'shared',
		};
	}

	if (isOurs(self, typed)) {
		return {
			problem: 'That is you: a private line goes to someone else.',
			why: 'self',
		};
	}

	const legacy = rows.find(
		(row) => row.kind !== 'peer' && (row.id === typed || row.address === typed),
	);
	if (legacy?.kind === 'legacy') {
		return {
			problem: `${legacy.id} is a legacy host: it reads plain text only, so it cannot get a private line.`,
			why: 'legacy',
		};
	}

	return {
		problem: `No peer called ${typed} is known (/peers lists them; a legacy host cannot get private lines).`,
		why: 'unknown',
	};
}

function candidates(peers: readonly PeerView[], typed: string): PeerView[] {
	const dot = typed.indexOf('·');
	if (dot !== -1) {
		// A label: the nick and the start of the key must both fit.
		const nick = typed.slice(0, dot);
		const print = typed.slice(dot + 1).toLowerCase();
		return peers.filter(
			(peer) => peer.nick === nick && keyStarts(peer.publicKey, print),
		);
	}

	const byNick = peers.filter((peer) => peer.nick === typed);
	const byKey = isHex(typed)
		? peers.filter((peer) => keyStarts(peer.publicKey, typed.toLowerCase()))
		: [];
	const exact = unique([...byNick, ...byKey]);
	if (exact.length > 0) return exact;
	const lower = typed.toLowerCase();
	return peers.filter((peer) => peer.nick.toLowerCase() === lower);
}

/** Whether `typed` names this node: its nick, label, fingerprint or key. */
function isOurs(
	self: {readonly publicKey: string; readonly nick: string},
	typed: string,
): boolean {
	if (typed === self.nick) return true;
	const print = typed.includes('·')
		? typed.slice(typed.indexOf('·') + 1)
		: typed;
	return isHex(print) && keyStarts(self.publicKey, print.toLowerCase());
}

/** At least a fingerprint's worth of hex digits (shorter is too easy to mistype into another key). */
function isHex(text: string): boolean {
	return /^[\da-f]{8,64}$/iv.test(text);
}

function keyStarts(key: string, print: string): boolean {
	return print.length >= 8 && key.startsWith(print);
}

function unique(peers: readonly PeerView[]): PeerView[] {
	return [...new Set(peers)];
}
