/**
 * The contract between the networking service and everything that shows it
 * (the Ink UI, the headless mode, the tests' fake service). Nothing here
 * touches sockets or React.
 */
import type {LinkVia} from '../node/native-link.js';
import type {InspectorApi} from './inspector-types.js';

export type {LinkVia} from '../node/native-link.js';

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

/**
 * How lines travel between this node and an online native peer: over our
 * own link (`direct`, which of us dialed), or through other peers
 * (`relayed`, links along the shortest path); `none` while it is not
 * reachable.
 */
export type PeerReach =
	| {
			readonly kind: 'direct';
			readonly direction: 'dialed' | 'accepted';
			/** What the link runs over: TCP, or a Hyperswarm connection (`--room`). */
			readonly via: LinkVia;
	  }
	| {readonly kind: 'relayed'; readonly hops: number}
	| {readonly kind: 'none'};

/**
 * A native peer, one row per key: from the mesh's peer registry (its newest
 * announcement) and our links. Its address is only an attribute: where it
 * says it listens.
 */
export type PeerView = {
	readonly kind: 'peer';
	/** The key (unique among the rows). */
	readonly id: string;
	readonly state: 'online' | 'connecting' | 'offline';
	/** The ed25519 public key, lower-case hex (64 digits). */
	readonly publicKey: string;
	/** The first 8 hex digits of the key, for display. */
	readonly fingerprint: string;
	/** The nick from its newest announcement or HELLO (a label, not an identity). */
	readonly nick: string;
	/** `ip:port` (IPv6 as `[ip]:port`) it listens at, as last reported. */
	readonly address: string | undefined;
	readonly reach: PeerReach;
	/**
	 * It said goodbye when it quit (and is not back): offline by choice,
	 * not lost. `lastSeen` is when the goodbye came.
	 */
	readonly left: boolean;
	/**
	 * Epoch milliseconds: for a peer offline, when this node saw it go (or
	 * last heard of it); for one online, when its newest announcement came.
	 */
	readonly lastSeen: number | undefined;
	/**
	 * Met before this node restarted and dialed again, nothing heard from it
	 * yet: `nick` is empty (a nick is what a peer says of itself, never a
	 * stored copy) and `lastSeen` is from before the restart.
	 */
	readonly rejoining?: true;
	/**
	 * Being rejoined: the nick it went by before the restart, as the store
	 * kept it, to show as the name it had until it speaks (then it is
	 * gone). Never `nick`: no private line, /whois or completion finds a
	 * peer by a name it may have given up.
	 */
	readonly formerNick?: string;
	/**
	 * Why its last link was refused, while it is not online: the network
	 * secrets differ (one end has none, or another), so dialing it again
	 * cannot help until one of the two restarts with the other's.
	 */
	readonly refused?: string;
};

/** What an address row (a legacy host, or an address being tried) holds. */
type AddressFacts = {
	/** `ip:port` (IPv6 as `[ip]:port`), unique among the rows. */
	readonly id: string;
	readonly address: string;
	readonly port: number;
	/** Epoch milliseconds when the host entered the table. */
	readonly firstSeen: number;
	/** Epoch milliseconds of the last successful contact either way. */
	readonly lastSeen: number | undefined;
	readonly status: HostStatus;
	/** Lines waiting for this host while it is unreachable. */
	readonly queued: number;
	/** Failed attempts in a row (0 once it answers again). */
	readonly failures: number;
	/**
	 * How the host got into the table: named at start, wrote to us, or
	 * added with /connect.
	 */
	readonly origin: 'bootstrap' | 'inbound' | 'connect';
};

/**
 * A host that speaks the seed's plain text (it has no key). `route`:
 * `direct` when this node passes the mesh's lines to it, `relayed` when
 * another node that knows it does (each gets every line from one node
 * only); undefined on a secret network.
 */
export type LegacyHostView = AddressFacts & {
	readonly kind: 'legacy';
	readonly state: 'legacy';
	readonly route: 'direct' | 'relayed' | undefined;
};

/**
 * An address this node tries (a bootstrap or /connect address, or one a
 * plain line claimed) before anything answered there, or where a native
 * node answered that the mesh has since forgotten.
 */
export type AddressView = AddressFacts & {
	readonly kind: 'address';
	readonly state: 'connecting' | 'offline';
	/** As `PeerView.refused`: the last dial there was refused for the network secret. */
	readonly refused?: string;
};

/**
 * One row of the sidebar: a native peer (by key), a legacy host or an
 * address being tried (by address). Computed when the snapshot is built.
 */
export type HostView = PeerView | LegacyHostView | AddressView;

/**
 * The node that received a legacy line as plain text and passed it into the
 * mesh, signed by itself: it vouches that it received the line, nothing more.
 */
export type BridgeNode = {
	readonly nick: string;
	/** The bridge's key fingerprint (8 hex digits). */
	readonly fingerprint: string;
};

/**
 * Who wrote a chat line, as far as this node can tell. A `native` line was
 * signed and its signature checked out, so its author is a key; a `legacy`
 * line is the seed's plain text, which anyone could have forged, so all we
 * know is the address it claims.
 */
export type ChatSource =
	| {
			readonly type: 'native';
			/** The author's nick, from the signed message. */
			readonly nick: string;
			/** The author's key fingerprint (8 hex digits). */
			readonly fingerprint: string;
			/**
			 * `ip:port` where the author listens; unknown when the author is
			 * neither in the host table nor linked to us.
			 */
			readonly address?: string;
	  }
	| {
			readonly type: 'legacy';
			/** `ip:port` the line claims to come from. */
			readonly address: string;
			/** Set when the line reached us through the mesh, not from the host. */
			readonly bridge?: BridgeNode;
	  };

/** A peer as a line names it: its nick then, and its key's fingerprint. */
export type PeerName = {
	readonly nick: string;
	/** The key fingerprint (8 hex digits). */
	readonly fingerprint: string;
};

/**
 * What a chat or own line is beyond plain text (a marked line,
 * docs/PROTOCOL.md §5c): an action (`/me`), a change of the topic, or a
 * private line between this node and `peer`, written `to` it or received
 * `from` it (`action`: a `/me` sent privately). The entry's `text` is the
 * readable text without the marks.
 */
export type LineStyle =
	| {readonly type: 'action'}
	| {readonly type: 'topic'}
	| {
			readonly type: 'private';
			readonly direction: 'to' | 'from';
			readonly peer: PeerName;
			readonly action?: true;
	  };

/**
 * What a log entry says, by kind: a chat line from a peer (`chat`), one of
 * ours (`own`), or a notice or error from the node itself (discoveries,
 * dropped input, command output). Each kind carries every field its readers
 * need, so none has to guess.
 */
export type EntryContent =
	| {
			readonly kind: 'own';
			/** Our nick when the line was sent. */
			readonly nick: string;
			/** Our key fingerprint (8 hex digits). */
			readonly fingerprint: string;
			readonly text: string;
			readonly style?: LineStyle;
	  }
	| {
			readonly kind: 'chat';
			readonly source: ChatSource;
			readonly text: string;
			readonly style?: LineStyle;
			/** It came later by catch-up: missed while this node was away or cut off. */
			readonly caughtUp?: true;
	  }
	| {readonly kind: 'notice' | 'error'; readonly text: string};

/** A line in the message log: its content, numbered and timed. */
export type ChatEntry = EntryContent & {
	/** Increases by one per entry, never reused: a stable React key. */
	readonly id: number;
	/** Epoch milliseconds. */
	readonly time: number;
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
	/**
	 * Inbound connections closed to make room: idle legacy ones under the
	 * cap, and native ones still in their handshake.
	 */
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
	/**
	 * Over a share, dropped and counted: announcements over a link's or an
	 * author's, a relayed author's lines over its share of bytes or beyond
	 * what may wait on one link to be handled.
	 */
	readonly rateLimited: number;
	/** Legacy input refused because the network has a secret. */
	readonly refusedLegacy: number;
	/** Native links closed for breaking the protocol or lacking the secret. */
	readonly linkErrors: number;
	/** Native links closed because the peer could not keep up with what we sent. */
	readonly slowPeers: number;
};

/** How much of the conversation a node keeps on disk, and where. */
export type HistorySummary = {
	/** Lines stored. */
	readonly count: number;
	/** The author time (epoch ms) of the oldest, if any. */
	readonly since: number | undefined;
	/** The database file. */
	readonly file: string;
};

/** A stored line that matched a `/search`, as the log would show it. */
export type SearchHit = EntryContent & {
	/** Epoch ms: the author's clock (ours, for a plain line). */
	readonly time: number;
};

/**
 * What of `entries` the reader paged in from the history, above the log
 * (PgUp past the top of what is in memory, or `/jump`).
 */
export type PagingView = {
	/**
	 * How many entries at the start of `entries` were read back from the
	 * history (the gap marker included): older lines, never new ones.
	 */
	readonly paged: number;
	/**
	 * Stored lines lie between the paged entries and the log's; the last
	 * paged entry is a marker where they go, read in as the reader nears it.
	 */
	readonly gap: boolean;
	/** The entry the last `/jump` asked to show (a new object each time). */
	readonly focus: {readonly id: number} | undefined;
};

/** The room's topic: the newest topic line by its author's clock. */
export type TopicView = {
	/** Empty when the newest topic line cleared it. */
	readonly text: string;
	/** Who set it. */
	readonly by: PeerName;
	/** Epoch ms, the author's clock. */
	readonly time: number;
};

/**
 * What calls for the reader's attention. Lines from others that come while
 * the reader is not there (away, scrolled back, or quiet for a minute: no
 * line typed, no return to the newest) are unread until the reader is back
 * (`markRead`); the first of them moves the read marker above itself.
 */
export type AttentionView = {
	/** Lines from others not read yet. */
	readonly unread: number;
	/** Of those, the ones that mention our nick. */
	readonly mentions: number;
	/**
	 * The id of the newest line that mentioned us since the node started
	 * (read or not): a new one rings the terminal's bell.
	 */
	readonly lastMention: number | undefined;
	/**
	 * The id of the entry the read marker goes above (the first that came
	 * after the reader stopped reading), if any: the UI draws it there.
	 */
	readonly marker: number | undefined;
	/**
	 * Our away message (`/away`; empty if none was given), shown to us
	 * only; undefined while here.
	 */
	readonly away: string | undefined;
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
	/**
	 * The message log in display order (author time, author key, sequence:
	 * the same on every screen), at most `historyLimit` entries, after any
	 * older lines the reader paged in from the history (`paging`).
	 */
	readonly entries: readonly ChatEntry[];
	readonly paging: PagingView;
	readonly counters: ChatCounters;
	readonly topic: TopicView | undefined;
	/** The peer typed lines go to privately (`/query`), if one is chosen. */
	readonly query: (PeerName & {readonly publicKey: string}) | undefined;
	readonly attention: AttentionView;
};

/** What one `send()` did: which hosts took the line and which did not. */
export type DeliveryReport = {
	/**
	 * How many messages the line became: the legacy messages of a long line
	 * (it is split) when some host was given its plain form, else 1; 0:
	 * nothing sent.
	 */
	readonly parts: number;
	/** Native peers that acknowledged it; legacy hosts that answered. */
	readonly delivered: readonly string[];
	/** Written to native peers too old to acknowledge: no confirmation either way. */
	readonly sent: readonly string[];
	readonly failed: ReadonlyArray<{
		readonly host: string;
		readonly reason: string;
	}>;
};

/** Events the service emits; every one is followed by a `change`. */
export type ChatEvents = {
	entry: [entry: ChatEntry];
	/** Anything changed: read `getSnapshot()`. */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	change: [];
};

/** How `send` sends a line. */
export type SendOptions = {
	/**
	 * Privately to this peer: a nick, `nick·fingerprint`, a fingerprint or
	 * a key (`send` rejects a name that is not one native peer's).
	 */
	readonly to?: string;
	/** As an action (`/me`). */
	readonly action?: boolean;
};

/** The service as the UI and the headless mode use it. */
export type ChatServiceApi = {
	/** `/inspect` and `/map`: the frames passing and the mesh (`inspector-types.ts`). */
	readonly inspector: InspectorApi;
	getSnapshot(): ChatSnapshot;
	/**
	 * Broadcast a typed line; resolves when every host has answered or
	 * failed once (a native peer answers with an acknowledgement).
	 */
	send(text: string, options?: SendOptions): Promise<DeliveryReport>;
	/** Set the room's topic (empty: clear it) with a topic line. */
	setTopic(text: string): Promise<DeliveryReport>;
	/**
	 * Send typed lines privately to `to` (as `SendOptions.to`) from now
	 * on, or to everyone again (`undefined`); throws a readable error for
	 * a name that is not one native peer's.
	 */
	setQuery(to: string | undefined): void;
	/**
	 * The public key typed lines go to now (`setQuery`), if any: what
	 * `getSnapshot().query` says, without making a snapshot (a script
	 * piping lines asks before each one).
	 */
	queryKey(): string | undefined;
	/** Add `host:port` to the known hosts and probe it. */
	connect(address: string): Promise<HostView>;
	/**
	 * Join room `name` over the Hyperswarm DHT; how it goes (looking up,
	 * peers found, errors) is told in the log, never thrown.
	 */
	joinRoom(name: string): Promise<void>;
	setNick(nick: string): void;
	/** Append a notice to the log (used for command output). */
	note(text: string, kind?: 'notice' | 'error'): void;
	/** Hide everything logged so far (the `/clear` command). */
	clear(): void;
	/** What the history keeps (the `/history` command); none when it keeps nothing. */
	historySummary(): HistorySummary | undefined;
	/**
	 * The newest stored lines that contain `text` (the `/search` command),
	 * oldest first, remembered for `jump`; none when no history is kept.
	 */
	search(text: string): readonly SearchHit[] | undefined;
	/**
	 * Show the `number`th line (from 1) of the last `search`, read from the
	 * history if it is not in memory (`paging.focus` names it); throws a
	 * readable error for a number the last search did not list.
	 */
	jump(number: number): void;
	/**
	 * The lines typed in the input box before, oldest first, for Up/Down:
	 * this profile's, kept across restarts; none when no history is kept.
	 */
	inputHistory(): readonly string[];
	/** Keep a line typed in the input box for `inputHistory` (nothing without a history). */
	keepInput(line: string): void;
	/** Read a page of stored lines above the first entry shown (PgUp at the top). */
	pageOlder(): void;
	/** Read the stored lines after the paged ones, towards the log (`paging.gap`). */
	pageNewer(): void;
	/** Forget the paged lines: the reader is back at the newest. */
	dropPages(): void;
	/** The reader has seen every line: typed one, or came back to the newest. */
	markRead(): void;
	/**
	 * The reader scrolled back (`false`): lines that come now are unread;
	 * or returned to the newest (`true`), which reads them.
	 */
	setFollowing(following: boolean): void;
	/**
	 * Away, with a message (empty for none) that stays on this node, or
	 * back (`undefined`).
	 */
	setAway(message: string | undefined): void;
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
