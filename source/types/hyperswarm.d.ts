/**
 * The part of hyperswarm (4.x), its DHT (hyperdht 6.x) and
 * @hyperswarm/testnet (3.x) that p2p-chat uses. The packages ship no types;
 * this follows their README and index.js.
 */
declare module 'hyperswarm' {
	import type {EventEmitter} from 'node:events';
	import type SecretStream from '@hyperswarm/secret-stream';

	type KeyPair = {publicKey: Uint8Array; secretKey: Uint8Array};

	/** A DHT node (hyperdht); only what the room reads. */
	type Dht = EventEmitter & {
		/** False while no DHT node answers. */
		readonly online: boolean;
		/** The Kademlia routing table: empty while no DHT node has answered. */
		readonly table: {readonly size: number};
		fullyBootstrapped(): Promise<void>;
		destroy(): Promise<void>;
	};

	/** A peer found on a topic or joined by key. */
	type PeerInfo = {
		readonly publicKey: Uint8Array;
		/** Whether we dialed (true) or it dialed us. */
		readonly client: boolean;
	};

	/** One topic joined: `flushed` resolves once announced (server) and looked up (client). */
	type PeerDiscoverySession = {
		refresh(options?: {client?: boolean; server?: boolean}): Promise<void>;
		flushed(): Promise<void>;
		destroy(): Promise<void>;
	};

	type SwarmOptions = {
		keyPair?: KeyPair;
		/** `host:port` strings or `{host, port}`; the public set when absent. */
		bootstrap?: Array<{host: string; port: number}>;
		maxPeers?: number;
	};

	type SwarmEvents = {
		connection: [connection: SecretStream, peerInfo: PeerInfo];
		// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
		update: [];
	};

	/** Topic discovery and connections over HyperDHT. */
	export default class Hyperswarm extends EventEmitter<SwarmEvents> {
		constructor(options?: SwarmOptions);
		readonly dht: Dht;
		readonly connections: Set<SecretStream>;
		/** Peers found (by hex key), connected or not. */
		readonly peers: Map<string, PeerInfo>;
		/** Connections being made now. */
		readonly connecting: number;
		join(
			topic: Uint8Array,
			options?: {client?: boolean; server?: boolean},
		): PeerDiscoverySession;
		joinPeer(publicKey: Uint8Array): void;
		flush(): Promise<boolean>;
		destroy(): Promise<void>;
	}
}

declare module 'hyperdht' {
	import type {EventEmitter} from 'node:events';

	/** A DHT node; `bootstrapper` makes one that others start from. */
	export default class HyperDht extends EventEmitter {
		static bootstrapper(port: number, host: string): HyperDht;
		ready(): Promise<void>;
		address(): {host: string; port: number};
		destroy(): Promise<void>;
	}
}

declare module '@hyperswarm/testnet' {
	/** A local DHT of `size` nodes on 127.0.0.1. */
	type Testnet = {
		readonly bootstrap: Array<{host: string; port: number}>;
		destroy(): Promise<void>;
	};
	export default function createTestnet(size?: number): Promise<Testnet>;
}
