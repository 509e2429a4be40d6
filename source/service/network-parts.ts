/**
 * Builds the parts of a node that touch the network, wired to each other:
 * the TCP server, the native links, the broadcaster (legacy hosts and first
 * contact), the runtime (the node core over the links) and the legacy bridge. ChatService owns them and
 * connects their events to the log (see the *-events.ts files).
 */
import type {HostTable} from '../protocol/host-table.js';
import {defaultMeshConfig} from '../protocol/mesh-config.js';
import {NodeCore} from '../protocol/node-core.js';
import {Broadcaster} from '../node/broadcaster.js';
import {createReach} from '../node/host-reach.js';
import {InboundServer, defaultInboundLimits} from '../node/inbound-server.js';
import {isOwnAddress} from '../node/local-addresses.js';
import {NativeLinks} from '../node/native-links.js';
import {Runtime} from '../node/runtime.js';
import {verifier} from '../node/signing.js';
import type {Author} from './author.js';
import {legacyFound, selfFound} from './broadcast-events.js';
import {LegacyBridge} from './legacy-bridge.js';
import type {ChatServiceOptions} from './options.js';
import type {ServiceHooks} from './service-hooks.js';

export type NetworkParts = {
	readonly server: InboundServer;
	readonly links: NativeLinks;
	readonly broadcaster: Broadcaster;
	readonly runtime: Runtime;
	readonly bridge: LegacyBridge;
};

/** What the parts need from the service that owns them. */
export type NetworkDeps = {
	readonly table: HostTable;
	readonly author: Author;
	readonly now: () => number;
	readonly random: () => number;
	readonly listenPort: () => number;
	/** Where this node listens, once it does. */
	readonly listening: () => {host: string; port: number} | undefined;
	/** The service's hooks, asked for only once events start to flow. */
	readonly hooks: () => ServiceHooks;
};

export function buildNetwork(
	options: ChatServiceOptions,
	deps: NetworkDeps,
): NetworkParts {
	const {table, author, now, random, listenPort} = deps;
	const server = new InboundServer({
		...defaultInboundLimits,
		...options.inbound,
	});
	const links = new NativeLinks({
		keyPair: options.keyPair,
		nick: () => author.nick,
		listenPort,
		secret: options.secret,
	});
	const timeoutMs = options.sendTimeoutMs ?? 3000;
	const broadcaster = new Broadcaster(table, {
		sendTimeoutMs: timeoutMs,
		queueLimit: options.queueLimit ?? 256,
		now,
		random,
		reach: createReach({
			table,
			links,
			secret: options.secret,
			timeoutMs,
			now,
			onLegacy(host) {
				legacyFound(deps.hooks(), host);
			},
			onSelf(host) {
				selfFound(deps.hooks(), host);
			},
		}),
	});
	const core = new NodeCore({
		self: author.publicKey,
		nick: author.nick,
		config: {...defaultMeshConfig, ...options.mesh},
		signer: {
			announce: (unsigned) => author.announce(unsigned),
			bridge: (source, text, at) => author.bridge(source, text, at),
		},
		verifier,
		random,
		secret: options.secret !== undefined,
		isOwnAddress: (address) =>
			isOwnAddress(deps.listening(), address.ip, address.port),
	});
	const runtime = new Runtime({core, links, now, dialTimeoutMs: timeoutMs});
	const bridge = new LegacyBridge({
		table,
		broadcaster,
		runtime,
		secret: options.secret,
		listenPort,
	});
	return {server, links, broadcaster, runtime, bridge};
}
