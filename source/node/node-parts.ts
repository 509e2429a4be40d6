/**
 * The I/O half of a node, assembled: the server and the native links (over
 * the given transport), and the runtime that drives the node core over them. The service adds what
 * it needs on top (the host table's outboxes, the legacy bridge) and
 * listens to the runtime's events. The frame tap sits where the links, the
 * runtime and the core's verifier can tell it what passes (`frame-tap.ts`).
 */
import path from 'node:path';
import type {CoreSigner} from '../protocol/core-types.js';
import {defaultMeshConfig, type MeshConfig} from '../protocol/mesh-config.js';
import {
	defaultCatchUpConfig,
	type CatchUpConfig,
} from '../protocol/catch-up.js';
import {NodeCore} from '../protocol/node-core.js';
import type {PeerKey} from '../protocol/peer-key.js';
import type {KeyPair} from './identity.js';
import {
	InboundServer,
	defaultInboundLimits,
	type InboundLimits,
} from './inbound-server.js';
import {isOwnAddress} from './local-addresses.js';
import {NativeLinks} from './native-links.js';
import {Runtime} from './runtime.js';
import {networkKey, verifier} from './signing.js';
import {tcpTransport, type Transport} from './transport.js';
import {FrameTap} from './frame-tap.js';

export type NodePartsOptions = {
	readonly keyPair: KeyPair;
	/** Where connections come from and go to: TCP (the default), or a memory network in tests. */
	readonly transport?: Transport;
	/** This node's key, hex. */
	readonly self: PeerKey;
	readonly nick: () => string;
	readonly secret: string | undefined;
	readonly signer: CoreSigner;
	readonly inbound?: Partial<InboundLimits>;
	readonly mesh?: Partial<MeshConfig>;
	/** A dial (connect, handshake, HELLO) must finish within this. */
	readonly dialTimeoutMs: number;
	readonly now: () => number;
	readonly random: () => number;
	/** Where this node listens, once it does. */
	readonly listening: () => {host: string; port: number} | undefined;
	/** The profile folder (the replay floors are kept there), if any. */
	readonly stateDir?: string;
	/**
	 * Catch-up, for a node that keeps a history: its settings, and how to
	 * read the lines asked for (their stored frames, by id; missing ones left out).
	 */
	readonly catchUp?: {
		/** Over `defaultCatchUpConfig`. */
		readonly config: Partial<CatchUpConfig>;
		readonly lines: (ids: readonly string[]) => Uint8Array[];
	};
};

export type NodeParts = {
	readonly server: InboundServer;
	readonly links: NativeLinks;
	readonly runtime: Runtime;
	/** Where the protocol inspector watches frames (idle until watched). */
	readonly tap: FrameTap;
	/** The transport the parts use (the others the service adds use it too). */
	readonly transport: Transport;
	/** Whether `ip:port` is where this node listens. */
	isSelf(ip: string, port: number): boolean;
};

export function createNodeParts(options: NodePartsOptions): NodeParts {
	// Stretch the secret now (about 0.1 s), not in the middle of a handshake.
	if (options.secret !== undefined) networkKey(options.secret);
	const transport = options.transport ?? tcpTransport;
	const tap = new FrameTap(verifier, options.now);
	const server = new InboundServer(
		{...defaultInboundLimits, ...options.inbound},
		transport,
	);
	const config = {...defaultMeshConfig, ...options.mesh};
	const links = new NativeLinks(
		{
			keyPair: options.keyPair,
			nick: options.nick,
			listenPort: () => options.listening()?.port ?? 0,
			secret: options.secret,
			catchUp: options.catchUp !== undefined,
			tree: config.broadcast === 'plumtree',
		},
		{transport, tap},
	);
	const core = new NodeCore({
		self: options.self,
		nick: options.nick(),
		config,
		signer: options.signer,
		verifier: tap.verifier,
		random: options.random,
		secret: options.secret !== undefined,
		isOwnAddress: (address) =>
			isOwnAddress(options.listening(), address.ip, address.port),
		catchUp: options.catchUp && {
			...defaultCatchUpConfig,
			...options.catchUp.config,
		},
	});
	const runtime = new Runtime({
		core,
		links,
		now: options.now,
		dialTimeoutMs: options.dialTimeoutMs,
		servedLines: options.catchUp?.lines,
		tap,
		replayFile:
			options.stateDir === undefined
				? undefined
				: path.join(options.stateDir, 'replay-floors.json'),
	});
	return {
		server,
		links,
		runtime,
		tap,
		transport,
		isSelf: (ip, port) => isOwnAddress(options.listening(), ip, port),
	};
}
