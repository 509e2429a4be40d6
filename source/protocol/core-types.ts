/**
 * What goes into the node core (`node-core.ts`) and what comes out: the one
 * vocabulary the runtime (`node/runtime.ts`) and the simulator
 * (`test/helpers/simulator.ts`) both speak. In the shape of iroh-gossip's
 * `InEvent`/`OutEvent`: the core takes an event and `now`, and returns
 * effects; returning them is the only way its state reaches the world.
 */
import type {BroadcastEffect, PeerKey} from './flood.js';
import type {TreeControl} from './broadcast-types.js';
import type {
	Announcement,
	AnnouncementDigest,
	BridgedLine,
	PeerAddress,
	UnsignedAnnouncement,
} from './gossip-messages.js';
import type {MembershipEffect, RememberedPeer} from './membership-types.js';
import type {ChatEnvelope} from './native-frames.js';
import type {CatchUpEffect} from './catch-up.js';
import type {SyncMessage} from './reconcile.js';
import type {SyncItem} from './sync-set.js';

export type {TreeControl} from './broadcast-types.js';

/** What the mesh relays: signed chat lines, and legacy lines bridged in. */
export type MeshPayload =
	| {readonly kind: 'chat'; readonly envelope: ChatEnvelope}
	| {readonly kind: 'bridged'; readonly line: BridgedLine};

/**
 * A payload as it came over a link, with the links it crossed before that
 * one when its sender counts them (a peer that speaks Plumtree); the count
 * is not signed, and only steers the tree.
 */
export type RelayedPayload = MeshPayload & {readonly hops?: number};

/** A mesh frame as it arrived on a link (HELLO is the link's own business). */
export type MeshFrame =
	| RelayedPayload
	/** The peer speaks Plumtree: it may be made a lazy link. */
	| {readonly kind: 'tree-hello'}
	/** Plumtree's IHAVE, GRAFT or PRUNE (`plumtree.ts`). */
	| {readonly kind: 'tree'; readonly control: TreeControl}
	| {readonly kind: 'announce'; readonly announcement: Announcement}
	/** The peer has these lines of ours (by `seq`): `ack-frames.ts`. */
	| {readonly kind: 'ack'; readonly seqs: readonly number[]}
	/** A step of catch-up's reconciliation, or lines asked for (`catch-up.ts`). */
	| {readonly kind: 'sync'; readonly message: SyncMessage}
	/** A line we asked for in catch-up. */
	| {readonly kind: 'synced'; readonly payload: MeshPayload}
	/** The peer reads announcement digests (FEATURES, `digest-frames.ts`). */
	| {readonly kind: 'features'; readonly digests: boolean}
	/** An announcement that repeats the one before, without its lists. */
	| {readonly kind: 'digest'; readonly digest: AnnouncementDigest}
	/** The peer asks for our newest full announcement of `origin`. */
	| {readonly kind: 'want'; readonly origin: Uint8Array};

/**
 * The cryptography the core needs, injected (as iroh-gossip injects its
 * signer), so the core stays pure and the simulator can fake it. Ids hash
 * every signed field: two copies with one id are the same line.
 */
export type Verifier = {
	readonly chatId: (envelope: ChatEnvelope) => string;
	readonly bridgedId: (line: BridgedLine) => string;
	readonly verifyChat: (envelope: ChatEnvelope) => boolean;
	readonly verifyBridged: (line: BridgedLine) => boolean;
	readonly verifyAnnouncement: (announcement: Announcement) => boolean;
};

/** This node's own signatures, injected for the same reasons. */
export type CoreSigner = {
	readonly announce: (unsigned: UnsignedAnnouncement) => Announcement;
	/** Sign a line a legacy host sent us, to pass it into the mesh. */
	readonly bridge: (
		source: PeerAddress,
		text: string,
		now: number,
	) => BridgedLine;
};

/** Everything that can happen to a node. */
export type CoreEvent =
	| {readonly type: 'start'}
	| {readonly type: 'timer'}
	| {
			readonly type: 'link-up';
			readonly key: PeerKey;
			/** Where the peer listens: its IP on the socket, the port in its HELLO. */
			readonly address: PeerAddress;
			/** The nick in its HELLO (until its announcement says otherwise). */
			readonly nick: string;
			/** Its HELLO says it acknowledges lines (an older peer does not). */
			readonly acks: boolean;
			/** Its HELLO says it takes part in catch-up (and this node does too). */
			readonly sync: boolean;
			/**
			 * It skips extension frames it does not know (its HELLO carries
			 * the catch-up flag: protocol 1.2), so it may be asked which it knows.
			 */
			readonly extensions: boolean;
	  }
	| {readonly type: 'link-down'; readonly key: PeerKey}
	/**
	 * The link to `key` cannot keep up with what we write (its backlog
	 * passed a mark): lines stop going to it eagerly for a while.
	 */
	| {readonly type: 'link-lagging'; readonly key: PeerKey}
	/** The link to `key`, lagging, has caught up: lines may go to it eagerly again. */
	| {readonly type: 'link-drained'; readonly key: PeerKey}
	| {readonly type: 'dial-failed'; readonly key: PeerKey}
	| {readonly type: 'frame'; readonly from: PeerKey; readonly frame: MeshFrame}
	/** A line this node's user wrote, signed. */
	| {readonly type: 'publish'; readonly envelope: ChatEnvelope}
	/**
	 * A plain-text line a legacy host sent this node itself, already judged
	 * (not spoofed, not refused); `bridge` false for a sender we cannot
	 * answer (port 0), whose line is shown but not passed on.
	 */
	| {
			readonly type: 'legacy-line';
			readonly source: PeerAddress;
			readonly text: string;
			readonly bridge: boolean;
	  }
	| {readonly type: 'set-nick'; readonly nick: string}
	/** The legacy hosts this node knows directly (it announces them). */
	| {readonly type: 'set-legacy'; readonly hosts: readonly PeerAddress[]}
	/** Quitting: say goodbye. */
	| {readonly type: 'leave'}
	/** Replay floors saved before a restart (`ReplayGuard.restore`). */
	| {
			readonly type: 'restore-replay';
			readonly floors: ReadonlyArray<readonly [author: string, seq: number]>;
	  }
	/**
	 * Peers met before a restart, where they were seen to listen: dialed
	 * while this node has no link, so it rejoins without `--bootstrap`
	 * (`Membership.rejoin`). Their stored nicks are only labels for
	 * `CoreView.rejoining()`: what the peers say of themselves comes fresh
	 * from them once linked.
	 */
	| {
			readonly type: 'restore-peers';
			readonly peers: readonly RememberedPeer[];
	  }
	/** The signed lines the store holds in catch-up's window (`CatchUp.restore`). */
	| {readonly type: 'restore-sync'; readonly items: readonly SyncItem[]};

/** Why the core dropped what a link brought. */
export type DropReason =
	| {readonly kind: 'bad-signature'}
	/** Seen before, too old, or from a clock far off. */
	| {readonly kind: 'replayed'}
	| {readonly kind: 'malformed'; readonly detail: string}
	/** Plain text on a network with a secret. */
	| {readonly kind: 'refused-legacy'}
	/** A bridged line whose source is this node: our own line come back. */
	| {readonly kind: 'impersonation'}
	/**
	 * Over a link's or an author's share of announcements, or a relayed
	 * author's share of bytes (`MeshConfig`: `announcementsPer*`, `relayShare`).
	 */
	| {readonly kind: 'rate-limited'};

/** Why a link that was handed one of our lines did not confirm it. */
export type UnconfirmedReason =
	/** No acknowledgement within `MeshConfig.ackTimeoutMs`. */
	| 'timeout'
	/** The link closed first: what was written may never have arrived. */
	| 'link-closed'
	/** Too many of our lines were awaiting acknowledgements; the oldest was given up. */
	| 'overflow'
	/** This node is leaving. */
	| 'stopped';

/**
 * What became of one of our own lines on the links it was written to,
 * once every one of them has answered or failed.
 */
export type LineOutcome = {
	/** The line's `seq` (ours: it names the line). */
	readonly seq: number;
	/** Peers that acknowledged it. */
	readonly confirmed: readonly PeerKey[];
	readonly unconfirmed: ReadonlyArray<{
		readonly key: PeerKey;
		readonly reason: UnconfirmedReason;
	}>;
	/** Peers it was written to that never acknowledge (older p2p-chat). */
	readonly unacknowledging: readonly PeerKey[];
};

/** What the core asks of its runtime. */
export type CoreEffect =
	/**
	 * Membership's effects, and the broadcast's: `send-message`, and
	 * `deliver` when a relayed line is new here (show it, and pass it to the
	 * legacy hosts this node serves).
	 */
	| MembershipEffect
	| BroadcastEffect<MeshPayload>
	/** Catch-up's: a SYNC message to send, lines to serve from the store. */
	| CatchUpEffect
	/** A line we missed came by catch-up: keep it and show it where it belongs. */
	| {
			readonly type: 'caught-up';
			readonly id: string;
			readonly message: MeshPayload;
			readonly from: PeerKey;
	  }
	/** A legacy host's own line, new here: show it and pass it to our other legacy hosts. */
	| {
			readonly type: 'deliver-legacy';
			readonly source: PeerAddress;
			readonly text: string;
			/**
			 * The line as this node signed it into the mesh (its sender can be
			 * answered), and its id; none when it was only shown.
			 */
			readonly bridged:
				{readonly id: string; readonly line: BridgedLine} | undefined;
	  }
	| {
			readonly type: 'dropped';
			readonly from: PeerKey;
			readonly frame: MeshFrame['kind'];
			readonly reason: DropReason;
	  }
	/**
	 * Tell `to` we have its line `seq` (it came in on that link). The
	 * runtime gathers these into one ACK frame per link per turn.
	 */
	| {readonly type: 'ack'; readonly to: PeerKey; readonly seq: number}
	/**
	 * `key` wrote us its own lines beyond its share: read nothing more from
	 * its link before `until` (backpressure: it waits, nothing is lost).
	 */
	| {readonly type: 'pace'; readonly key: PeerKey; readonly until: number}
	/** One of our own lines is settled: who confirmed it, who did not. */
	| {readonly type: 'line-settled'; readonly outcome: LineOutcome};
