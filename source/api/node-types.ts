/**
 * The public types of the programmatic API (`createNode`): what a node is
 * given, what it reports, and the handle an embedding program holds.
 */
import type {KeyPair} from '../node/identity.js';
import type {RuntimeStats} from '../node/runtime-stats.js';
import type {Transport} from '../node/transport.js';
import type {MeshConfig} from '../protocol/mesh-config.js';
import type {
	ChatCounters,
	ChatEvents,
	ChatSnapshot,
	DeliveryReport,
	HostView,
	SendOptions,
} from '../service/types.js';

/** How to start a node; only `nick` is required. */
export type NodeOptions = {
	/**
	 * Your name as peers see it: 1 to 32 characters, no spaces, control or
	 * invisible characters, no `·` (`createNode` throws otherwise).
	 */
	readonly nick: string;
	/** TCP port to listen on; 0 (the default) picks a free one. */
	readonly port?: number;
	/** Address to listen on: `0.0.0.0` (all IPv4 interfaces, the default), `127.0.0.1`, `::1`, ... */
	readonly host?: string;
	/** The node's ed25519 identity (`loadIdentity`, `newKeyPair`); a new random one by default. */
	readonly keyPair?: KeyPair;
	/**
	 * A folder for what must outlive a restart (the replay floors, so a
	 * signed line resent after a restart is refused); none by default: a
	 * throwaway node.
	 */
	readonly dataDir?: string;
	/**
	 * Keep the conversation in `dataDir` (an SQLite database, which it
	 * requires) and catch up with peers on what was missed; off by default.
	 * One node per folder at a time (the CLI holds a lock for that; here it
	 * is the caller's to keep).
	 */
	readonly history?: boolean;
	/** A network secret: only peers that know it are let in, and legacy hosts are refused. */
	readonly secret?: string;
	/** Nodes to join through, by IP address (resolve host names first). */
	readonly bootstrap?: ReadonlyArray<{
		readonly host: string;
		readonly port: number;
	}>;
	/** Log entries kept in memory (default 20 000). */
	readonly historyLimit?: number;
	/** Lines kept per unreachable legacy host. */
	readonly queueLimit?: number;
	/** How long a dial or a legacy delivery may take, in ms (default 3000). */
	readonly sendTimeoutMs?: number;
	/**
	 * How the node connects and listens: TCP (`tcpTransport`) by default, or
	 * a `MemoryNetwork`'s `transport()` to run many nodes in one process
	 * without sockets (tests).
	 */
	readonly transport?: Transport;
	/** The wall clock, ms since the epoch (default `Date.now`): times of entries, signatures, backoff. */
	readonly now?: () => number;
	/** Draws in [0, 1) for which peer to dial and backoff jitter, never keys (default `Math.random`). */
	readonly random?: () => number;
	/**
	 * The mesh's sizes and timings, over the defaults (`MeshConfig` in
	 * `protocol/mesh-config.ts`): for benchmarks and tests that compare
	 * settings; every node of one network should use the same.
	 */
	readonly mesh?: Partial<MeshConfig>;
};

/** Where a node listens. */
export type ListenAddress = {readonly host: string; readonly port: number};

/**
 * The events a node emits: `entry` for each new log entry (chat lines,
 * your own, notices, errors), `change` after anything changed (read
 * `snapshot()`).
 */
export type NodeEvents = Pick<ChatEvents, 'entry' | 'change'>;

/**
 * Everything a node has counted. `framesReceived` counts every mesh frame
 * as a link brings it, duplicates included; `linesDelivered` counts lines
 * shown once each. `counters` are the node's running totals (the same as
 * `snapshot().counters`).
 */
export type NodeStats = RuntimeStats & {readonly counters: ChatCounters};

/** A node running in this process. */
export type ChatNode = {
	/** Bind the port and join through the bootstrap nodes; resolves with where it listens. */
	start(): Promise<ListenAddress>;
	/**
	 * Broadcast a line. Resolves once every legacy host has taken it or failed
	 * once (native peers get it through the mesh, with no report); rejects if
	 * the line is over the size limit. `options.to` sends it privately to one
	 * native peer (a nick, `nick·fingerprint`, fingerprint or key; rejects a
	 * name that is not one peer's), `options.action` as `/me`.
	 */
	send(text: string, options?: SendOptions): Promise<DeliveryReport>;
	/** Set the room's topic for everyone (an empty text clears it): a signed topic line. */
	setTopic(text: string): Promise<DeliveryReport>;
	/** Add a node by `host:port` (IPv6 as `[ip]:port`, or a host name) and dial it. */
	connect(address: string): Promise<HostView>;
	/** Change your nick; peers learn it with the next announcement. */
	setNick(nick: string): void;
	/** Say goodbye to the peers, close every link and the port. */
	stop(): Promise<void>;
	on<K extends keyof NodeEvents>(
		event: K,
		listener: (...args: NodeEvents[K]) => void,
	): ChatNode;
	off<K extends keyof NodeEvents>(
		event: K,
		listener: (...args: NodeEvents[K]) => void,
	): ChatNode;
	/** An immutable picture of the node: log, hosts, counters, identity. */
	snapshot(): ChatSnapshot;
	/** A frozen copy of the node's counts (see `NodeStats`). */
	stats(): NodeStats;
};
