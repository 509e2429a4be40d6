/**
 * Every number that shapes the mesh, in one place. The sizes follow
 * HyParView (Leitão, Pereira and Rodrigues, DSN 2007): a small active view
 * (links kept open, here 5) with room for a few more that others dial in.
 */
import type {BackoffPolicy} from './backoff.js';
import {maxLineBytes} from './limits.js';
import type {RatePolicy} from './rate-limit.js';

/**
 * Plumtree's numbers (`plumtree.ts`). The paper leaves the timers to the
 * deployment ("configured considering the diameter of the overlay and a
 * target maximum recovery latency"); iroh-gossip uses 5 ms, 80 ms and
 * 40 ms on fast networks. A chat mesh spans the internet (a link's round
 * trip is tens to hundreds of ms, a tree path a few of them), and a GRAFT
 * sent too early costs a duplicate and a tree change, while a late one
 * only delays a line that a broken tree lost: so longer values here.
 */
export type PlumtreeConfig = {
	/**
	 * IHAVE announcements to a lazy link wait this long to be sent as one
	 * frame (batching); it also delays how soon a lost line is noticed.
	 */
	readonly ihaveIntervalMs: number;
	/**
	 * An announced message that has not arrived this long after its first
	 * IHAVE is asked for (GRAFT), and the announcer's link becomes eager.
	 * Longer than an eager path is slower than a lazy one, or a healthy
	 * tree is grafted for nothing.
	 */
	readonly graftTimeoutMs: number;
	/**
	 * The paper's second timer: a GRAFT not answered in this long goes to
	 * the next announcer (about a round trip).
	 */
	readonly graftRetryMs: number;
	/**
	 * A lazy link whose IHAVE shows a path this many hops shorter than the
	 * eager one replaces it (GRAFT it, PRUNE the other). The paper's
	 * experiments (and iroh-gossip) use 7.
	 */
	readonly optimizationThreshold: number;
	/** Payloads are kept this long to answer GRAFTs (iroh-gossip: 30 s). */
	readonly cacheMs: number;
	/** And at most this many (the oldest go first)... */
	readonly maxCached: number;
	/**
	 * ...and at most this much memory (as the mesh sizes a payload): a
	 * GRAFT comes within a second of the IHAVE, so a few MiB cover
	 * thousands of ordinary lines, and a flood of 32 KiB lines cannot make
	 * the cache hold hundreds of MiB.
	 */
	readonly maxCachedBytes: number;
	/** Ids announced to us and not received, remembered at once (oldest go). */
	readonly maxMissing: number;
	/**
	 * Ids one IHAVE frame carries (33 to 43 bytes each, so a full frame
	 * stays far under the frame limit); more go in more frames.
	 */
	readonly maxIhaveEntries: number;
	/** Ids one GRAFT frame asks for. */
	readonly maxGraftIds: number;
	/**
	 * Payloads a link may make us send by GRAFT: a burst, then a rate (a
	 * GRAFT costs its sender 32 bytes an id and us a whole line). A payload
	 * counts one, and one more per 4 KiB it holds, so large lines drain
	 * the share faster.
	 */
	readonly graftsPerLink: RatePolicy;
	/** Hop counts are capped here (a count is only compared, never trusted further). */
	readonly maxHops: number;
	/**
	 * A link that cannot keep up with what we write (its send backlog past
	 * a mark, `node/send-lag.ts`) is made lazy for relayed lines (our own
	 * still go to it in full) until its backlog drains, and at most this
	 * long, whatever GRAFTs or lines come from it; then it may be grafted
	 * again.
	 */
	readonly lagHoldMs: number;
	/** IHAVE entries waiting per lazy link at most (the oldest go). */
	readonly maxQueuedIhaves: number;
};

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
	 * New announcements taken from one link: room for a peer exchange at
	 * link-up, then a steady rate well above what a whole network's
	 * refreshes bring over one link. Past it they are dropped and counted
	 * before their signature is checked (a copy from another link is still
	 * news, and every node re-announces within `refreshMs`).
	 */
	readonly announcementsPerLink: RatePolicy;
	/**
	 * Announcements taken from one author, once signed: an honest node
	 * makes `announceBurst`, then one per `tickMs`; this is twice that.
	 */
	readonly announcementsPerAuthor: RatePolicy;
	/**
	 * The bytes of text one author's lines may bring through a relay: a
	 * burst of 1,000 lines of the largest size passes whole, and then 8 MiB
	 * a second (over 7,000 lines of 1 KiB); past it a relay drops (and
	 * counts) the author's lines instead of passing a flood on to peers that
	 * cannot keep up. The author's own link is paced by backpressure
	 * instead: a node never drops what the author itself sends it.
	 */
	readonly relayShare: RatePolicy;
	/**
	 * Once `maxPeers` is half reached: peers one link may introduce that
	 * were never reachable (see `PeerBook.mayIntroduce`).
	 */
	readonly maxUnconfirmedPerLink: number;
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
	/**
	 * How lines spread: `plumtree` (a tree of eager links, announcements on
	 * the others: each node receives a line about once) or `flood` (every
	 * link, every line: each node receives it once per link, the mesh's
	 * older way, kept to compare).
	 */
	readonly broadcast: 'flood' | 'plumtree';
	readonly plumtree: PlumtreeConfig;
};

export const defaultPlumtreeConfig: PlumtreeConfig = {
	ihaveIntervalMs: 50,
	graftTimeoutMs: 400,
	graftRetryMs: 200,
	optimizationThreshold: 7,
	cacheMs: 30_000,
	maxCached: 4096,
	maxCachedBytes: 4 * 1024 * 1024,
	maxMissing: 4096,
	maxIhaveEntries: 1024,
	maxGraftIds: 1024,
	graftsPerLink: {burst: 1024, perSecond: 256},
	maxHops: 255,
	lagHoldMs: 10_000,
	maxQueuedIhaves: 8192,
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
	announcementsPerLink: {burst: 320, perSecond: 100},
	announcementsPerAuthor: {burst: 8, perSecond: 4},
	relayShare: {
		burst: 1000 * maxLineBytes + 8 * 1024 * 1024,
		perSecond: 8 * 1024 * 1024,
	},
	maxUnconfirmedPerLink: 64,
	ackTimeoutMs: 10_000,
	maxAwaitingAcks: 16_384,
	broadcast: 'plumtree',
	plumtree: defaultPlumtreeConfig,
};
