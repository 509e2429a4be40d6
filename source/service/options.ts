/** The settings a ChatService starts with, and its counters' zero. */
import type {MeshConfig} from '../protocol/mesh-config.js';
import type {CatchUpConfig} from '../protocol/catch-up.js';
import type {KeyPair} from '../node/identity.js';
import type {HistoryStore} from '../node/store/history-store.js';
import type {InboundLimits} from '../node/inbound-server.js';
import type {Transport} from '../node/transport.js';
import type {DhtNode} from '../node/room.js';
import type {ChatCounters} from './types.js';

/** Everything a node needs to start. */
export type ChatServiceOptions = {
	readonly port: number;
	readonly nick: string;
	/** This node's ed25519 identity (see `node/identity.ts`). */
	readonly keyPair: KeyPair;
	/**
	 * The profile folder, for what must outlive a restart (the replay
	 * floors); none for a throwaway node.
	 */
	readonly stateDir?: string;
	/**
	 * Where the conversation is kept (opened by the caller, which decides
	 * the profile and whether to keep one); the service closes it on stop.
	 */
	readonly history?: HistoryStore;
	/** A network secret: peers must prove they know it; legacy hosts are refused. */
	readonly secret?: string;
	/** Bind address; `0.0.0.0` (all IPv4 interfaces) like the seed. */
	readonly host?: string;
	/** Hosts to start with, already resolved to addresses. */
	readonly bootstrap?: ReadonlyArray<{
		readonly host: string;
		readonly port: number;
	}>;
	/** Rooms to join over the Hyperswarm DHT (`--room`). */
	readonly rooms?: readonly string[];
	/** DHT nodes to start from (`--dht-bootstrap`); Hyperswarm's public ones when none. */
	readonly dhtBootstrap?: readonly DhtNode[];
	/** How often a room looks its topic up again in its first minute (ms). */
	readonly roomRelookupMs?: number;
	/** Swarm connections a room makes at most (the mesh's `activeLinks` by default). */
	readonly roomMaxPeers?: number;
	readonly sendTimeoutMs?: number;
	readonly queueLimit?: number;
	readonly historyLimit?: number;
	readonly inbound?: Partial<InboundLimits>;
	/** Mesh sizes and timings (tests shorten them). */
	readonly mesh?: Partial<MeshConfig>;
	/** Catch-up's window and pace (a node with a history catches up; tests shorten them). */
	readonly catchUp?: Partial<CatchUpConfig>;
	/**
	 * How the node connects and listens: TCP (`tcpTransport`) by default;
	 * tests run many nodes on a `MemoryNetwork` instead.
	 */
	readonly transport?: Transport;
	/** The wall clock (ms since the epoch): `Date.now` by default. */
	readonly now?: () => number;
	/** Draws in [0, 1) for choices and jitter (not keys): `Math.random` by default. */
	readonly random?: () => number;
};

export {maxLineBytes} from '../protocol/limits.js';

export const zeroCounters: ChatCounters = {
	received: 0,
	sent: 0,
	deliveryFailures: 0,
	malformed: 0,
	oversized: 0,
	timedOut: 0,
	evicted: 0,
	vanished: 0,
	queueDropped: 0,
	badSignatures: 0,
	replayed: 0,
	impersonations: 0,
	rateLimited: 0,
	refusedLegacy: 0,
	linkErrors: 0,
	slowPeers: 0,
};
