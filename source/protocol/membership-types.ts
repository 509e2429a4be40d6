/**
 * What membership asks of its driver, what it is built with, and how it
 * describes a peer to the rest of the program.
 */
import type {PeerKey} from './flood.js';
import type {
	Announcement,
	AnnouncementDigest,
	PeerAddress,
	UnsignedAnnouncement,
} from './gossip-messages.js';
import type {MeshConfig} from './mesh-config.js';

export type {PeerChanges} from './change-journal.js';

/** What membership asks its driver to do. */
export type MembershipEffect =
	| {
			readonly type: 'send-announcement';
			readonly to: PeerKey;
			readonly announcement: Announcement;
	  }
	/** To a link that reads digests: an announcement that repeats the one before. */
	| {
			readonly type: 'send-digest';
			readonly to: PeerKey;
			readonly digest: AnnouncementDigest;
	  }
	/** Ask the link to `to` for its newest full announcement of `origin`. */
	| {
			readonly type: 'send-want';
			readonly to: PeerKey;
			readonly origin: Uint8Array;
	  }
	/** Tell the link to `to` which extensions we read (FEATURES). */
	| {readonly type: 'send-features'; readonly to: PeerKey}
	| {
			readonly type: 'dial';
			readonly key: PeerKey;
			readonly address: PeerAddress;
	  }
	/** Close the link to `key` gracefully (what was sent still arrives). */
	| {
			readonly type: 'disconnect';
			readonly key: PeerKey;
			readonly reason: string;
	  }
	/** Call `tick` at `at`. */
	| {readonly type: 'timer'; readonly at: number}
	/** Who is known or reachable changed: redraw the peer list. */
	| {readonly type: 'peers-changed'};

/**
 * A peer remembered across a restart: where it was last seen to listen,
 * when heard of, and the nick it went by then (its announcement's, else its
 * HELLO's; none if it said none). Restored, the nick is only a label for
 * the peer until it speaks again: never a name to find or address it by.
 */
export type RememberedPeer = {
	readonly key: PeerKey;
	readonly address: PeerAddress;
	readonly heardAt: number;
	readonly nick: string | undefined;
};

/** One peer as the rest of the program sees it. */
export type PeerInfo = {
	readonly key: PeerKey;
	readonly nick: string;
	/** Where to dial it, as last reported. */
	readonly address: PeerAddress | undefined;
	/** Hops along the shortest path of links (1 = direct); undefined when unreachable. */
	readonly hops: number | undefined;
	/** It said goodbye. */
	readonly left: boolean;
	/** When its newest announcement arrived (what we last heard of it). */
	readonly heardAt: number;
};

export type MembershipOptions = {
	/** This node's key, hex. */
	readonly self: PeerKey;
	readonly nick: string;
	readonly config: MeshConfig;
	/** Signs this node's announcements (deterministic, so the simulator can fake it). */
	readonly sign: (unsigned: UnsignedAnnouncement) => Announcement;
	/** A draw in [0, 1): which peer to dial, backoff jitter. */
	readonly random: () => number;
};
