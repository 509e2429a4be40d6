/**
 * The interface the mesh (`mesh.ts`) drives a broadcast strategy through,
 * and what a strategy asks its driver to do. Two implement it: flooding
 * (`flood.ts`, every link eager) and Plumtree (`plumtree.ts`, eager push
 * along a tree, lazy announcements on the other links). Sans-IO: methods
 * take an event and `now` and return effects; nothing here sends, waits or
 * draws random numbers, and deadlines come out as `nextDeadline()` for the
 * core's one timer.
 */
import type {PeerKey} from './peer-key.js';

export type {PeerKey} from './peer-key.js';

/** One announced message: its id, and the hops a copy from the announcer would carry. */
export type IhaveEntry = {readonly id: string; readonly hops: number};

/**
 * Plumtree's control messages (docs/PROTOCOL.md, "Plumtree"): IHAVE
 * announces ids, GRAFT asks for ids (or none: only "push to me eagerly"),
 * PRUNE says "stop pushing to me, announce instead".
 */
export type TreeControl =
	| {readonly kind: 'ihave'; readonly entries: readonly IhaveEntry[]}
	| {readonly kind: 'graft'; readonly ids: readonly string[]}
	| {readonly kind: 'prune'};

/** What the broadcast layer asks its driver to do. */
export type BroadcastEffect<M> =
	/**
	 * Send a payload. `hops`: the links it crossed before this one (0 from
	 * its author); written only to peers that speak Plumtree.
	 */
	| {
			readonly type: 'send-message';
			readonly to: PeerKey;
			readonly message: M;
			readonly hops: number;
	  }
	/** Send a Plumtree control frame (only to peers that speak Plumtree). */
	| {
			readonly type: 'send-tree';
			readonly to: PeerKey;
			readonly frame: TreeControl;
	  }
	/** Show the message to the user: it is new here. */
	| {
			readonly type: 'deliver';
			readonly id: string;
			readonly message: M;
			readonly from: PeerKey;
	  };

/** Running totals, for the simulator and benchmarks (RMR, control cost). */
export type BroadcastStats = {
	/** Messages delivered to this node's user. */
	delivered: number;
	/** Payload copies that arrived after the first. */
	duplicates: number;
	/** Payload copies this node sent. */
	sent: number;
	/** IHAVE frames sent. */
	ihaveSent: number;
	/** GRAFT frames sent (repairs and tree optimisations). */
	graftSent: number;
	/** PRUNE frames sent. */
	pruneSent: number;
	/** Ids asked for in GRAFTs that were not answered (not held, or over the link's share). */
	graftRefused: number;
	/** Times a lagging link lost its eager role. */
	lagged: number;
};

export function emptyBroadcastStats(): BroadcastStats {
	return {
		delivered: 0,
		duplicates: 0,
		sent: 0,
		ihaveSent: 0,
		graftSent: 0,
		pruneSent: 0,
		graftRefused: 0,
		lagged: 0,
	};
}

/** The interface a broadcast strategy offers the mesh. */
export type Broadcast<M> = {
	readonly stats: BroadcastStats;
	neighborUp(key: PeerKey): void;
	/** The peer on the link to `key` said it speaks Plumtree (it may be made lazy). */
	neighborSpeaksTree(key: PeerKey): void;
	neighborDown(key: PeerKey): void;
	/**
	 * The link to `key` cannot keep up with what we write: Plumtree makes
	 * it lazy (if its peer speaks Plumtree) and keeps it so for a while;
	 * a flood has no other way to send, and leaves it to the link's limits.
	 */
	neighborLagging(key: PeerKey, now: number): void;
	/**
	 * The link to `key`, lagging, has caught up (its backlog drained):
	 * Plumtree ends its hold and makes it eager again if lag made it lazy.
	 */
	neighborDrained(key: PeerKey): void;
	/**
	 * The links a message published now reaches, directly or (Plumtree's
	 * lazy links) by announcement: the links its author waits acks from.
	 */
	neighbors(): readonly PeerKey[];
	/** A message this node wrote: send it on, never deliver it back. */
	publish(id: string, message: M, now: number): Array<BroadcastEffect<M>>;
	/**
	 * A message from a link, already verified by the caller; `hops` as the
	 * sender wrote it (undefined: a peer that does not count them).
	 */
	receive(
		from: PeerKey,
		id: string,
		message: M,
		hops: number | undefined,
		now: number,
	): Array<BroadcastEffect<M>>;
	/** A copy of a message already delivered here arrived from `from`. */
	duplicate(from: PeerKey): Array<BroadcastEffect<M>>;
	/** A Plumtree control frame from `from`. */
	control(
		from: PeerKey,
		frame: TreeControl,
		now: number,
	): Array<BroadcastEffect<M>>;
	/** Run what is due at `now` (batched announcements, repairs). */
	tick(now: number): Array<BroadcastEffect<M>>;
	/** When `tick` next has something to do (undefined: nothing pending). */
	nextDeadline(): number | undefined;
};
