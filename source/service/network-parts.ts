/**
 * Builds the parts of a node and wires them: the server (TCP unless the
 * options give another transport), the native
 * links and the runtime (the node core over the links: `node/node-parts.ts`),
 * the broadcaster (legacy hosts and first contact), the legacy bridge, the
 * hosts the node knows by address (`hosts.ts`), and the handlers that turn
 * what they report into the service's log and counters (the *-events.ts
 * files and the peer notices), and the protocol inspector over the frame
 * tap (`inspector.ts`). ChatService owns what this returns.
 */
import {HostTable} from '../protocol/host-table.js';
import {Broadcaster} from '../node/broadcaster.js';
import {createReach} from '../node/host-reach.js';
import {createNodeParts, type NodeParts} from '../node/node-parts.js';
import type {Author} from './author.js';
import {LegacyBridge} from './legacy-bridge.js';
import type {ChatServiceOptions} from './options.js';
import {Hosts} from './hosts.js';
import {wireLinks} from './link-events.js';
import {wireDeliveries, type DeliveryDeps} from './delivery-events.js';
import {PeerNotices} from './peer-notices.js';
import {Inspector} from './inspector.js';
import {wireServer} from './server-events.js';
import type {Report} from './report.js';
import {Rooms} from './rooms.js';

export type NetworkParts = NodeParts & {
	/** Where the parts report to (the service's log and counters). */
	readonly report: Report;
	readonly broadcaster: Broadcaster;
	readonly bridge: LegacyBridge;
	readonly hosts: Hosts;
	readonly peerNotices: PeerNotices;
	/** `/inspect` and `/map`: idle until someone looks. */
	readonly inspector: Inspector;
	/** The rooms joined over the DHT (`--room`). */
	readonly rooms: Rooms;
};

/** What the parts need from the service that owns them. */
export type NetworkDeps = {
	readonly author: Author;
	readonly now: () => number;
	readonly random: () => number;
	/** Where this node listens, once it does. */
	readonly listening: () => {host: string; port: number} | undefined;
	readonly report: Report;
	/** The room's topic, which topic lines from peers set. */
	readonly topic: DeliveryDeps['topic'];
	/**
	 * The stored frames of lines, by id, when this node keeps a history:
	 * then it catches up (and serves what its peers lack from there).
	 */
	readonly storedFrames: ((ids: readonly string[]) => Uint8Array[]) | undefined;
};

export function buildNetwork(
	options: ChatServiceOptions,
	deps: NetworkDeps,
): NetworkParts {
	const {author, now, random} = deps;
	const table = new HostTable();
	const timeoutMs = options.sendTimeoutMs ?? 3000;
	const {server, links, runtime, tap, transport, isSelf} = createNodeParts({
		keyPair: options.keyPair,
		transport: options.transport,
		self: author.publicKey,
		nick: () => author.nick,
		secret: options.secret,
		signer: {
			announce: (unsigned) => author.announce(unsigned),
			bridge: (source, text, at) => author.bridge(source, text, at),
		},
		inbound: options.inbound,
		mesh: options.mesh,
		dialTimeoutMs: timeoutMs,
		now,
		random,
		listening: deps.listening,
		stateDir: options.stateDir,
		catchUp: deps.storedFrames && {
			config: options.catchUp ?? {},
			lines: deps.storedFrames,
		},
	});
	const broadcaster = new Broadcaster(table, {
		sendTimeoutMs: timeoutMs,
		queueLimit: options.queueLimit ?? 256,
		now,
		random,
		transport,
		reach: createReach({
			table,
			links,
			transport,
			secret: options.secret,
			timeoutMs,
			now,
			onLegacy(host) {
				hosts.foundLegacy(host, options.secret !== undefined);
			},
			onSelf(host) {
				hosts.foundSelf(host);
			},
		}),
	});
	const bridge = new LegacyBridge({
		table,
		broadcaster,
		runtime,
		secret: options.secret,
		listenPort: () => deps.listening()?.port ?? 0,
	});
	const hosts = new Hosts({
		table,
		broadcaster,
		bridge,
		report: deps.report,
		now,
		isSelf,
	});
	const {report} = deps;
	wireServer(server, links, {
		report,
		hosts,
		runtime,
		secret: options.secret !== undefined,
	});
	wireLinks({report, hosts, runtime, links});
	wireDeliveries({
		report,
		hosts,
		runtime,
		now,
		topic: deps.topic,
		reader: {
			self: author.publicKey,
			box: author.box,
			nickOf: (key) =>
				runtime.view.peers().find((peer) => peer.key === key)?.nick,
		},
	});
	const peerNotices = new PeerNotices({
		report,
		hosts,
		view: runtime.view,
		now,
		dialNative: async (ip, port) => links.dial(ip, port, timeoutMs),
	});
	runtime.on('peers-changed', () => {
		peerNotices.syncSoon();
	});
	const rooms = new Rooms({
		links,
		keyPair: options.keyPair,
		secret: options.secret,
		bootstrap: options.dhtBootstrap ?? [],
		report,
		relookupMs: options.roomRelookupMs,
		maxPeers: options.roomMaxPeers ?? options.mesh?.activeLinks,
	});
	runtime.on('dial-failed', (key) => {
		rooms.joinPeer(key);
	});
	return {
		server,
		links,
		runtime,
		tap,
		transport,
		isSelf,
		report,
		broadcaster,
		bridge,
		hosts,
		peerNotices,
		inspector: new Inspector({tap, runtime, links, author}),
		rooms,
	};
}
