/**
 * Rejoining after a restart: the peers this node was linked to or could
 * reach, where it saw them listen, and the nick each went by. While it has
 * no link at all, a restarted node dials them (with the peer book's backoff
 * and the dial budget), so it finds the mesh again without `--bootstrap`.
 * Once a link is up, the peer exchange brings everyone's fresh
 * announcements and the usual dialing takes over. What a peer says of
 * itself comes from the peer, not from a stored copy that may be old: the
 * stored nick never enters the peer book (so nothing finds, addresses or
 * lists the peer by it), and `unheard` hands it out only while the peer has
 * said nothing this run, for the sidebar to show as the name it last had.
 */
import type {PeerAddress} from './gossip-messages.js';
import type {RememberedPeer} from './membership-types.js';
import type {PeerBook} from './peer-book.js';
import type {PeerKey} from './peer-key.js';

/** Peers a restarted node dials again, at most (the most recently heard). */
export const maxRejoin = 64;

/** The peers of `book` worth rejoining: linked or reachable, most recently heard first. */
export function rememberedPeers(
	book: PeerBook,
	isUp: (key: PeerKey) => boolean,
	limit = maxRejoin,
): RememberedPeer[] {
	return book
		.list()
		.filter((entry) => entry.addresses.length > 0 && isUp(entry.key))
		.toSorted((a, b) => b.heardAt - a.heardAt)
		.slice(0, limit)
		.flatMap((entry) => {
			const [address] = entry.addresses;
			const nick = entry.announcement?.nick ?? entry.helloNick;
			return address
				? [{key: entry.key, address, heardAt: entry.heardAt, nick}]
				: [];
		});
}

export class RejoinCandidates {
	/** Where each was seen to listen, when it was last heard of then, and its nick then. */
	readonly #candidates = new Map<PeerKey, Omit<RememberedPeer, 'key'>>();

	/** Remember `peers` (not `self`), and record where each was seen in `book`. */
	add(
		peers: readonly RememberedPeer[],
		self: PeerKey,
		book: PeerBook,
		now: number,
	): void {
		for (const {key, address, heardAt, nick} of peers.slice(0, maxRejoin)) {
			if (key === self) continue;
			this.#candidates.set(key, {address, heardAt, nick});
			book.attest(key, address, now);
		}
	}

	/**
	 * The candidates that have said nothing yet this run (no HELLO, no
	 * announcement) and are still in `book`, with when they were last
	 * heard of before the restart and the nick they went by then: the
	 * peers the node is rejoining. Once a peer speaks it is not here, and
	 * its stored nick with it: what it says now wins.
	 */
	unheard(book: PeerBook): RememberedPeer[] {
		const unheard: RememberedPeer[] = [];
		for (const [key, candidate] of this.#candidates) {
			const entry = book.get(key);
			if (entry && !entry.announcement && entry.helloNick === undefined) {
				unheard.push({key, ...candidate});
			}
		}

		return unheard;
	}

	/**
	 * Who to dial now: each candidate not being dialed, out of backoff, and
	 * within the budget (`allowed`).
	 */
	due(
		now: number,
		book: PeerBook,
		dialing: ReadonlySet<PeerKey>,
		allowed: (address: PeerAddress) => boolean,
	): Array<{key: PeerKey; address: PeerAddress}> {
		const due: Array<{key: PeerKey; address: PeerAddress}> = [];
		for (const [key, {address}] of this.#candidates) {
			const entry = book.get(key);
			if (
				dialing.has(key) ||
				(entry !== undefined && entry.retryAt > now) ||
				!allowed(address)
			) {
				continue;
			}

			due.push({key, address});
		}

		return due;
	}
}
