/**
 * The contract between the networking service and everything that shows it
 * (the Ink UI, the headless mode, the tests' fake service). Nothing here
 * touches sockets or React.
 */

/**
 * Which wire dialect a host speaks: `native` (encrypted links, signed
 * messages), `legacy` (the seed's plain text), `unknown` until we find out.
 */
export type Dialect = 'legacy' | 'native' | 'unknown';

/**
 * What the sidebar shows for a host: `online` (a native link is up),
 * `connecting` (being dialed), `offline` (native or unknown, not reachable
 * now; retried with backoff), `legacy` (speaks the seed's plain text).
 */
export type LinkState = 'online' | 'connecting' | 'offline' | 'legacy';

/**
 * What we know of a host's reachability: `unknown` before any contact,
 * `reachable` after a successful connect or delivery, `unreachable` after a
 * failed one (it is then retried with backoff).
 */
export type HostStatus = 'unknown' | 'reachable' | 'unreachable';

/** One row of the known-hosts table, as the UI sees it. */
export type HostView = {
	/** `ip:port` (IPv6 as `[ip]:port`), unique in the table. */
	readonly id: string;
	readonly address: string;
	readonly port: number;
	/** Epoch milliseconds when the host entered the table. */
	readonly firstSeen: number;
	/** Epoch milliseconds of the last successful contact either way. */
	readonly lastSeen: number | undefined;
	readonly dialect: Dialect;
	readonly status: HostStatus;
	/** Lines waiting for this host while it is unreachable. */
	readonly queued: number;
	/** Failed attempts in a row (0 once it answers again). */
	readonly failures: number;
	/**
	 * How the host got into the table: named at start, wrote to us, added
	 * with /connect, or learned from other peers (peer exchange).
	 */
	readonly origin: 'bootstrap' | 'inbound' | 'connect' | 'gossip';
	readonly state: LinkState;
	/** Native peers: the ed25519 public key, lower-case hex (64 digits). */
	readonly publicKey: string | undefined;
	/** Native peers: the first 8 hex digits of the key, for display. */
	readonly fingerprint: string | undefined;
	/** Native peers: the nick from their HELLO (a label, not an identity). */
	readonly nick: string | undefined;
	/** Native peers while online: whether we dialed the link or accepted it. */
	readonly direction: 'dialed' | 'accepted' | undefined;
	/**
	 * Native peers that are online: `direct` when we hold a link to them,
	 * `relayed` when their messages reach us through other peers. Legacy
	 * hosts: `direct` when this node passes the mesh's lines to them,
	 * `relayed` when another node that knows them does (each gets every line
	 * from one node only); undefined on a secret network.
	 */
	readonly route: 'direct' | 'relayed' | undefined;
	/**
	 * Native peers that are online: links between us along the shortest path
	 * (1 for a direct link, 2 for a peer of a peer, ...).
	 */
	readonly hops: number | undefined;
	/**
	 * Native peers that said goodbye when they quit (and are not back):
	 * offline by choice, not lost. `lastSeen` is when the goodbye came.
	 */
	readonly left: boolean;
};

/**
 * A line in the message log: a chat line from a peer, one of ours, or a
 * notice from the node itself (discoveries, dropped input, command output).
 */
export type ChatEntry = {
	/** Increases by one per entry, never reused: a stable React key. */
	readonly id: number;
	/** Epoch milliseconds. */
	readonly time: number;
	readonly kind: 'chat' | 'own' | 'notice' | 'error';
	/** `ip:port` of the sender (the author's listening address) for `chat`. */
	readonly from?: string;
	/** The author's nick: ours for `own`, from the signed message for native `chat`. */
	readonly nick?: string;
	/** The author's key fingerprint (8 hex digits) for `own` and native `chat`. */
	readonly fingerprint?: string;
	/**
	 * `chat` only: true for a signed native message whose signature checked
	 * out; false for a plain-text legacy line, which anyone could have forged.
	 */
	readonly verified?: boolean;
	/**
	 * Legacy lines that reached us through the mesh: `nick·fingerprint` of
	 * the native node that received the plain text and passed it on.
	 */
	readonly bridge?: string;
	readonly text: string;
};

/** Running totals, for the status line and the tests. */
export type ChatCounters = {
	readonly received: number;
	readonly sent: number;
	readonly deliveryFailures: number;
	/** Inbound input that did not parse (no `:`, bad port, wrong first byte). */
	readonly malformed: number;
	/** Inbound input longer than one legacy frame (4096 bytes). */
	readonly oversized: number;
	/** Inbound connections closed for sending nothing before the deadline. */
	readonly timedOut: number;
	/** Idle inbound connections closed to make room under the cap. */
	readonly evicted: number;
	/** Inbound connections reset before their address could be read: dropped unread. */
	readonly vanished: number;
	/** Lines dropped from a full per-host queue. */
	readonly queueDropped: number;
	/** Native messages whose signature did not verify (forged or altered). */
	readonly badSignatures: number;
	/** Native messages seen before (replays and duplicates). */
	readonly replayed: number;
	/** Plain-text lines claiming the address of a native peer that is online. */
	readonly impersonations: number;
	/** Legacy input refused because the network has a secret. */
	readonly refusedLegacy: number;
	/** Native links closed for breaking the protocol or lacking the secret. */
	readonly linkErrors: number;
	/** Native links closed because the peer could not keep up with what we sent. */
	readonly slowPeers: number;
};

/** An immutable picture of the whole node; a new object after every change. */
export type ChatSnapshot = {
	/** Where the TCP server listens, once it does. */
	readonly listening:
		{readonly host: string; readonly port: number} | undefined;
	readonly nick: string;
	/** This node's identity. */
	readonly identity: {readonly publicKey: string; readonly fingerprint: string};
	/**
	 * Native links are always encrypted; `secret` means peers must prove they
	 * know the network secret, and legacy (plain-text) hosts are refused.
	 */
	readonly network: 'open' | 'secret';
	/** Known hosts in the order they were learned. */
	readonly hosts: readonly HostView[];
	/** The message log, oldest first, at most `historyLimit` entries. */
	readonly entries: readonly ChatEntry[];
	readonly counters: ChatCounters;
};

/** What one `send()` did: which hosts took the line and which did not. */
export type DeliveryReport = {
	/** How many legacy messages the line became (long lines are split). */
	readonly parts: number;
	readonly delivered: readonly string[];
	readonly failed: ReadonlyArray<{
		readonly host: string;
		readonly reason: string;
	}>;
};

/** Events the service emits; every one is followed by a `change`. */
export type ChatEvents = {
	listening: [address: {host: string; port: number}];
	entry: [entry: ChatEntry];
	'host-added': [host: HostView];
	'host-updated': [host: HostView];
	/** Anything changed: read `getSnapshot()`. */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	change: [];
};

/** The service as the UI and the headless mode use it. */
export type ChatServiceApi = {
	getSnapshot(): ChatSnapshot;
	/** Broadcast a typed line; resolves when every host has answered or failed once. */
	send(text: string): Promise<DeliveryReport>;
	/** Add `host:port` to the known hosts and probe it. */
	connect(address: string): Promise<HostView>;
	setNick(nick: string): void;
	/** Append a notice to the log (used for command output). */
	note(text: string, kind?: 'notice' | 'error'): void;
	/** Hide everything logged so far (the `/clear` command). */
	clear(): void;
	stop(): Promise<void>;
	on<K extends keyof ChatEvents>(
		event: K,
		listener: (...args: ChatEvents[K]) => void,
	): unknown;
	off<K extends keyof ChatEvents>(
		event: K,
		listener: (...args: ChatEvents[K]) => void,
	): unknown;
};
