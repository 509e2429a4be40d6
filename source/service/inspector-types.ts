/**
 * What the protocol inspector (`/inspect`) and the mesh map (`/map`) show,
 * as the service hands it to the UI: for people learning how the mesh
 * works, the frames as they pass and the mesh as this node sees it. A
 * store of its own beside the chat's snapshot, so frames passing never
 * re-render the chat, and nothing is recorded while nobody looks.
 */

/** A native frame's type, as `docs/PROTOCOL.md` names it (§3). */
export type FrameTypeName =
	| 'HELLO'
	| 'CHAT'
	| 'ANNOUNCE'
	| 'BRIDGED'
	| 'ACK'
	| 'SYNC'
	| 'SYNCED'
	/** Plumtree's (§5d). */
	| 'TREE-HELLO'
	| 'IHAVE'
	| 'GRAFT'
	| 'PRUNE'
	| 'FEATURES'
	| 'DIGEST'
	| 'WANT'
	/** A type from 16 up this node does not know: an extension, skipped. */
	| 'EXTENSION'
	/** Bytes that do not decode as a frame (the link is closed over them). */
	| 'UNREADABLE';

/**
 * What became of a frame. Read: `new` (a line or announcement this node
 * did not have: checked, kept and passed on), `duplicate` (a copy of one
 * it has, or an announcement no newer: dropped, its signature not checked
 * again), `dropped` (refused: `reason`), `accepted` (a HELLO, ACK or SYNC:
 * taken; the link's handshake vouches for who sent it), `refused` (the
 * link was closed over it: `reason`), `ignored` (it reached nothing: an
 * extension this node does not know, or the node is stopping). Written: `sent` (this node's own: its line, its
 * announcement, HELLO, ACK, SYNC, a line served in catch-up) or `relayed`
 * (another node's line or announcement, passed on).
 */
export type FrameVerdict =
	| 'new'
	| 'duplicate'
	| 'dropped'
	| 'accepted'
	| 'refused'
	| 'ignored'
	| 'sent'
	| 'relayed';

/** One frame in the inspector. */
export type FrameRow = {
	/** Grows by one per frame recorded: a stable React key. */
	readonly id: number;
	/** Epoch ms, when it was written or read. */
	readonly time: number;
	readonly direction: 'in' | 'out';
	/** The other end of the link: `nick·fingerprint`, or its IP before its HELLO. */
	readonly link: string;
	readonly type: FrameTypeName;
	/** The frame's bytes (secret-stream adds 20 on the wire). */
	readonly bytes: number;
	/**
	 * Who made what it carries: a line's author, an announcement's origin,
	 * the bridge of a bridged line, the link's peer for HELLO, ACK and SYNC;
	 * `you` for this node. None for an unreadable frame.
	 */
	readonly origin: string | undefined;
	/**
	 * How far `origin` is, in links (0: this node, 1: a direct link), by
	 * the mesh's shortest path when the frame passed; none when unknown
	 * (not reachable, or not known yet). Frames carry no hop count: flooding
	 * may bring a copy the long way round too.
	 */
	readonly hops: number | undefined;
	/**
	 * The signature check on a read frame: `valid`, `invalid`, or
	 * `unchecked` (a copy, known by its id, or refused before the check);
	 * none for what carries no signature or was written by us.
	 */
	readonly signature: 'valid' | 'invalid' | 'unchecked' | undefined;
	readonly verdict: FrameVerdict;
	/** Why it was dropped or refused. */
	readonly reason: string | undefined;
	/** A few words on what it holds: `"hello"`, `3 links`, `2 lines`. */
	readonly detail: string;
};

/** A reachable peer on the mesh map. */
export type MapPeer = {
	/** Its public key, hex. */
	readonly key: string;
	/** `nick·fingerprint`. */
	readonly label: string;
	/** Links along the shortest path (1: our own link). */
	readonly hops: number;
	/** Our link to it: who dialed, and where it listens. */
	readonly link:
		| {readonly direction: 'dialed' | 'accepted'; readonly address: string}
		| undefined;
	/**
	 * Keys of the peers one hop nearer that it is linked with (both
	 * announce the link): the way its lines reach us and ours reach it.
	 * Empty for our own links.
	 */
	readonly via: readonly string[];
};

/** The mesh as this node sees it (the core's view), at one moment. */
export type MeshMap = {
	/** This node, `nick·fingerprint`. */
	readonly self: string;
	/** Every reachable peer, nearest first. */
	readonly peers: readonly MapPeer[];
	/** Known peers not reachable now (`nick·fingerprint`), gone ones left out. */
	readonly unreachable: readonly string[];
};

/** What the inspector shows now; a new object after every change. */
export type InspectorSnapshot = {
	/** The newest frames recorded while watched, oldest first (at most 500). */
	readonly frames: readonly FrameRow[];
	/** Frames recorded since watching began, those no longer kept included. */
	readonly seen: number;
	/** The mesh map while it is watched. */
	readonly map: MeshMap | undefined;
};

/**
 * The inspector as the UI uses it. `subscribe` and `getSnapshot` fit
 * React's `useSyncExternalStore` (they need no `this`).
 */
export type InspectorApi = {
	/**
	 * Record frames from now on, until the returned function is called
	 * (once per viewer). With no viewer the node records nothing, and the
	 * frames recorded are forgotten.
	 */
	watchFrames(): () => void;
	/** Keep `map` up to date from now on, until the returned function is called. */
	watchMap(): () => void;
	/** Be told (at most ten times a second) when the snapshot changed. */
	subscribe(listener: () => void): () => void;
	getSnapshot(): InspectorSnapshot;
};
