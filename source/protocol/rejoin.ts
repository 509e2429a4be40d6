/**
 * Rejoining after a restart: the peers this node was linked to or could
 * reach, and where it saw them listen. While it has no link at all, a
 * restarted node dials them (with the peer book's backoff and the dial
 * budget), so it finds the mesh again without `--bootstrap`. Once a link is
 * up, the peer exchange brings everyone's fresh announcements and the
 * usual dialing takes over. Only addresses are kept: what a peer says of
 * itself comes from the peer, not from a stored copy that may be old.
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
			return address ? [{key: entry.key, address, heardAt: entry.heardAt}] : [];
		});
}

export class RejoinCandidates {
	/** Where each was seen to listen, and when it was last heard of then. */
	readonly #candidates = new Map<
		PeerKey,
		{readonly address: PeerAddress; readonly heardAt: number}
	>();

	/** Remember `peers` (not `self`), and record where each was seen in `book`. */
	add(
		peers: readonly RememberedPeer[],
		self: PeerKey,
		book: PeerBook,
		now: number,
	): void {
		for (const {key, address, heardAt} of peers.slice(0, maxRejoin)) {
			if (key === self) continue;
			this.#candidates.set(key, {address, heardAt});
			book.attest(key, address, now);
		}
	}

	/**
	 * The candidates that have said nothing yet this run (no HELLO, no
	 * announcement) and are still in `book`, with when they were last
	 * heard of before the restart: the peers the node is rejoining.
	 */
	unheard(book: PeerBook): RememberedPeer[] {
		const unheard: RememberedPeer[] = [];
		for (const [key, {address, heardAt}] of this.#candidates) {
			const entry = book.get(key);
			if (entry && !entry.announcement && entry.helloNick === undefined) {
				unheard.push({key, address, heardAt});
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
