/**
 * Every number that shapes the mesh, in one place. The sizes follow
 * HyParView (Leitão, Pereira and Rodrigues, DSN 2007): a small active view
 * (links kept open, here 5) with room for a few more that others dial in.
 */
import type {BackoffPolicy} from './backoff.js';

export type MeshConfig = {
	/** Links a node dials until it holds this many (the active view). */
	readonly activeLinks: number;
	/** Links it keeps in all; one over this is closed right after peer exchange. */
	readonly maxLinks: number;
	/** How often the membership wakes up to fill slots, heal and refresh. */
	readonly tickMs: number;
	/**
	 * After a link comes or goes, the announcement of it waits this long
	 * (not a whole tick): long enough to batch a burst of changes into one
	 * flood, short enough that a new peer is not shown offline meanwhile
	 * (a link counts only once both ends announce it).
	 */
	readonly announceDelayMs: number;
	/**
	 * Early announcements a node may make in a burst (joining brings a few
	 * links in a row); past that, one per `tickMs`.
	 */
	readonly announceBurst: number;
	/** A node re-announces its links this often even when nothing changed. */
	readonly refreshMs: number;
	/** A known peer unreachable this long is dialed to heal a split. */
	readonly healAfterMs: number;
	/**
	 * A peer learned this lately that has not been reachable yet is joining
	 * (its link counts once both ends announced it), not offline.
	 */
	readonly joinGraceMs: number;
	/** A peer unreachable (or gone) this long is forgotten. */
	readonly forgetAfterMs: number;
	/** Peers remembered in all (remote input decides who is learned). */
	readonly maxPeers: number;
	/** Announcements given to a new link: the peer exchange. */
	readonly exchangeLimit: number;
	/** A link that lasted this long resets its peer's backoff. */
	readonly stableLinkMs: number;
	/** Between attempts to dial the same peer again. */
	readonly backoff: BackoffPolicy;
	/** Addresses remembered per peer (as different nodes saw it). */
	readonly maxAddresses: number;
	/**
	 * A link given one of our lines must acknowledge it within this long,
	 * or the user is told it was not confirmed. Longer than a busy peer
	 * takes to work through a burst; a frozen peer's link closes sooner
	 * (8 s of silence), which settles its lines at once.
	 */
	readonly ackTimeoutMs: number;
	/**
	 * Our own lines awaiting acknowledgements at once (each waits on at
	 * most its links); past this the oldest is given up, as not confirmed.
	 */
	readonly maxAwaitingAcks: number;
};

export const defaultMeshConfig: MeshConfig = {
	activeLinks: 5,
	maxLinks: 8,
	tickMs: 500,
	announceDelayMs: 50,
	announceBurst: 4,
	refreshMs: 30_000,
	healAfterMs: 2000,
	joinGraceMs: 3000,
	forgetAfterMs: 10 * 60 * 1000,
	maxPeers: 1000,
	exchangeLimit: 256,
	stableLinkMs: 10_000,
	backoff: {baseMs: 1000, maxMs: 60_000},
	maxAddresses: 4,
	ackTimeoutMs: 10_000,
	maxAwaitingAcks: 16_384,
};
