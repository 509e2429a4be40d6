/**
 * A room over the Hyperswarm DHT: the node announces itself on the room's
 * topic (`room-topic.ts`) and looks the topic up, as server and client;
 * every connection Hyperswarm hands over (a secret stream already open, the
 * peer's key authenticated by HyperDHT's handshake, made with our identity
 * key pair) becomes a native link like any TCP one (`NativeLinks.acceptStream`).
 *
 * Hyperswarm is imported here, and this file is imported only when a room
 * is joined: a node without `--room` never loads it (start-up time).
 *
 * Hyperswarm looks a topic up when it joins and then every 10 minutes, so
 * nodes that join at the same moment can miss each other (each looked up
 * before the other announced). The room looks up once more as soon as it
 * has announced itself, then again (and announces again) every
 * `relookupMs` (5 s) during its first minute, and after that every minute
 * while the room has given it no connection.
 */
import type SecretStream from '@hyperswarm/secret-stream';
import {parseIp, type Ip} from '../protocol/address.js';
import type {KeyPair} from './identity.js';
import {roomTopic} from './room-topic.js';

/** A DHT node to start from, `host:port` (an IP or a name). */
export type DhtNode = {readonly host: string; readonly port: number};

/** What a person joining a room is told, as it happens. */
export type RoomProgress =
	| {readonly kind: 'looking-up'; readonly room: string}
	| {readonly kind: 'found'; readonly room: string; readonly peers: number}
	| {readonly kind: 'connecting'; readonly count: number}
	/** A connection attempt failed (Hyperswarm tries again). */
	| {readonly kind: 'unreachable'}
	| {readonly kind: 'offline'; readonly bootstrap: string}
	| {readonly kind: 'error'; readonly text: string};

export type RoomOptions = {
	readonly name: string;
	readonly secret: string | undefined;
	/** The node's identity: its Hyperswarm key pair too, so one fingerprint however it is reached. */
	readonly keyPair: KeyPair;
	/** DHT nodes to start from; Hyperswarm's public set when empty. */
	readonly bootstrap: readonly DhtNode[];
	/** A connection, open: hand it to the links. */
	readonly onConnection: (
		stream: SecretStream,
		ip: Ip,
		initiator: boolean,
	) => void;
	readonly onProgress: (progress: RoomProgress) => void;
	/** Look the topic up again this often during the first minute (ms). */
	readonly relookupMs?: number;
	/** Connections Hyperswarm makes at most (it links every pair by itself). */
	readonly maxPeers: number;
};

/** The first minute, looked up often; then once a minute. */
const eagerMs = 60_000;
const lateRelookupMs = 60_000;
/** No DHT node in the routing table by then: tell the user. */
const offlineAfterMs = 10_000;

/** A joined room; `leave` ends its connections and the DHT node. */
export type Room = {
	readonly name: string;
	/** Dial a peer by key through the DHT (one announced as `reach me by key`). */
	joinPeer(publicKey: Uint8Array): void;
	leave(): Promise<void>;
};

export async function joinRoom(options: RoomOptions): Promise<Room> {
	// eslint-disable-next-line @typescript-eslint/naming-convention -- a class
	const {default: Hyperswarm} = await import('hyperswarm');
	const swarm = new Hyperswarm({
		keyPair: {
			publicKey: options.keyPair.publicKey,
			secretKey: options.keyPair.secretKey,
		},
		maxPeers: options.maxPeers,
		...(options.bootstrap.length > 0
			? {bootstrap: options.bootstrap.map(({host, port}) => ({host, port}))}
			: {}),
	});
	const topic = roomTopic(options.name, options.secret);
	const {onProgress} = options;
	let left = false;

	swarm.on('connection', (stream, info) => {
		// Errors after the hand-over are the link's to report; before it, nobody's.
		stream.on('error', () => undefined);
		// Null when the UDX stream has no peer address (yet): without one the
		// link has nothing to show or announce, and Hyperswarm dials again.
		const ip = parseIp(stream.rawStream.remoteHost ?? undefined);
		if (ip === undefined || left) {
			stream.destroy();
			return;
		}

		options.onConnection(stream, ip, info.client);
	});

	// Told once each until a connection opens: Hyperswarm retries a peer
	// it cannot reach (every few seconds, then less often) without end.
	let connecting = 0;
	let connections = 0;
	let toldConnecting = false;
	let toldFailed = false;
	swarm.on('update', () => {
		if (left) return;
		const opened = swarm.connections.size > connections;
		if (opened) {
			toldConnecting = false;
			toldFailed = false;
		} else if (connecting > 0 && swarm.connecting < connecting && !toldFailed) {
			toldFailed = true;
			onProgress({kind: 'unreachable'});
		}

		if (!toldConnecting && swarm.connecting > 0) {
			toldConnecting = true;
			onProgress({kind: 'connecting', count: swarm.connecting});
		}

		connecting = swarm.connecting;
		connections = swarm.connections.size;
	});

	onProgress({kind: 'looking-up', room: options.name});
	const discovery = swarm.join(topic, {client: true, server: true});
	const joinedAt = performance.now();
	let timer: NodeJS.Timeout | undefined;
	const bootstrapText =
		options.bootstrap.length > 0
			? options.bootstrap.map(({host, port}) => `${host}:${port}`).join(', ')
			: 'the public Hyperswarm nodes';

	const lookUp = async () => {
		try {
			await discovery.flushed();
			if (left) return;
			// Announced now: a lookup from here finds everyone who announced
			// before us, and those who announce after find us in theirs, so
			// two nodes that start together meet without waiting for a timer.
			await discovery.refresh({client: true, server: true});
			if (left) return;
			if (!swarm.dht.online) {
				onProgress({kind: 'offline', bootstrap: bootstrapText});
				return;
			}

			onProgress({kind: 'found', room: options.name, peers: swarm.peers.size});
		} catch (error) {
			if (!left) onProgress({kind: 'error', text: describe(error)});
		}
	};

	const schedule = () => {
		const eager = performance.now() - joinedAt < eagerMs;
		timer = setTimeout(
			() => {
				void relookUp();
			},
			eager ? (options.relookupMs ?? 5000) : lateRelookupMs,
		);
	};

	const relookUp = async () => {
		if (left) return;
		// After the first minute, only while the room gave no connection:
		// the mesh finds the rest, and Hyperswarm refreshes every 10 minutes.
		const missing =
			performance.now() - joinedAt < eagerMs || swarm.connections.size === 0;
		try {
			if (missing) await discovery.refresh({client: true, server: true});
		} catch (error) {
			if (!left) onProgress({kind: 'error', text: describe(error)});
		}

		if (!left) schedule();
	};

	// With no network the lookup neither ends nor fails (and HyperDHT still
	// calls itself online): an empty routing table after a while says it.
	const watchdog = setTimeout(() => {
		if (!left && swarm.dht.table.size === 0) {
			onProgress({kind: 'offline', bootstrap: bootstrapText});
		}
	}, offlineAfterMs);
	void lookUp();
	schedule();

	return {
		name: options.name,
		joinPeer(publicKey) {
			if (!left) swarm.joinPeer(publicKey);
		},
		async leave() {
			left = true;
			clearTimeout(timer);
			clearTimeout(watchdog);
			await swarm.destroy();
		},
	};
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
