/**
 * All native links of a node, by remote key: dials out, takes over inbound
 * native sockets from the server, enforces one link per key
 * (`protocol/link-choice.ts`) and refuses links to itself. The service listens
 * to its events; it never touches sockets.
 */
import {EventEmitter} from 'node:events';
import type SecretStream from '@hyperswarm/secret-stream';
import {formatHostPort, type Ip} from '../protocol/address.js';
import {chooseEviction} from '../protocol/eviction.js';
import {chooseLink} from '../protocol/link-choice.js';
import {peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {MeshFrame} from '../protocol/core-types.js';
import {dialNative} from './native-dial.js';
import {SecretRefusals} from './secret-refusals.js';
import {evictedReason, selfReason, type CloseReason} from './close-reason.js';
import {
	NativeLink,
	type LinkCarrier,
	type LinkPeer,
	type LinkIdentity,
	type LinkLimits,
	type LinkTap,
} from './native-link.js';
import {
	tcpTransport,
	type Transport,
	type TransportSocket,
} from './transport.js';

/** How a dial ended. */
export type LinkDialResult =
	| {
			readonly kind: 'native';
			readonly link: NativeLink;
			readonly peer: LinkPeer;
	  }
	| {readonly kind: 'legacy'}
	/** The address answered with our own key: it is this node. */
	| {readonly kind: 'self'}
	| {readonly kind: 'failed'; readonly reason: string};

export type NativeLinksEvents = {
	/** A link is ready and is now the one link for its key. */
	up: [link: NativeLink, peer: LinkPeer];
	/** The one link for a key went away (not a duplicate that lost the tie-break). */
	down: [link: NativeLink, peer: LinkPeer, reason: CloseReason];
	/** A link closed before or instead of becoming the one (wrong secret, bad frame, self). */
	refused: [ip: Ip, reason: CloseReason];
	/** An unfinished inbound link was closed to make room for a newer one. */
	evicted: [ip: Ip];
	/**
	 * A mesh frame from `peer`. Also from a duplicate link that is being
	 * ended: what it carried is authenticated, and intake drops repeats.
	 * `link` brought it, `bytes` long (for the runtime's turns).
	 */
	frame: [peer: LinkPeer, frame: MeshFrame, link: NativeLink, bytes: number];
	/** The one link for `peer` cannot keep up with what we write (`send-lag.ts`). */
	lagging: [peer: LinkPeer];
	/** The one link for `peer`, lagging, has caught up again. */
	drained: [peer: LinkPeer];
};

export class NativeLinks extends EventEmitter<NativeLinksEvents> {
	readonly #identity: LinkIdentity;
	readonly #transport: Transport;
	readonly #limits: LinkLimits | undefined;
	readonly #ownKey: string;
	readonly #byKey = new Map<string, NativeLink>();
	readonly #pending = new Set<NativeLink>();
	readonly #maxLinks: number;
	readonly #tap: LinkTap | undefined;
	readonly #refusals = new SecretRefusals(() => performance.now());
	#stopped = false;

	constructor(
		identity: LinkIdentity,
		options: {
			limits?: LinkLimits;
			maxLinks?: number;
			/** How to reach peers (TCP by default). */
			transport?: Transport;
			/** Where the protocol inspector watches each link's frames. */
			tap?: LinkTap;
		} = {},
	) {
		super();
		this.#transport = options.transport ?? tcpTransport;
		this.#identity = identity;
		this.#limits = options.limits;
		this.#ownKey = peerKeyOf(identity.keyPair.publicKey);
		this.#maxLinks = options.maxLinks ?? 128;
		this.#tap = options.tap;
	}

	get(key: string): NativeLink | undefined {
		return this.#byKey.get(key);
	}

	get size(): number {
		return this.#byKey.size;
	}

	/** Why `key`'s last link was refused, if the network secrets differ. */
	refusal(key: PeerKey): CloseReason | undefined {
		return this.#refusals.reasonOf(key);
	}

	/** Why the last dial to `ip:port` was refused, if the network secrets differ. */
	refusalAt(ip: Ip, port: number): CloseReason | undefined {
		return this.#refusals.reasonOf(formatHostPort(ip, port));
	}

	/** Dial `host:port` and wait until the link is ready, or what it turned out to be. */
	async dial(
		host: Ip,
		port: number,
		timeoutMs: number,
	): Promise<LinkDialResult> {
		const address = formatHostPort(host, port);
		const result = await dialNative(this.#transport, host, port, timeoutMs);
		if (result.kind !== 'native') {
			// Nothing there now, or something else: no longer a refusal.
			this.#refusals.forget(address);
			return result;
		}

		if (this.#stopped) {
			result.socket.destroy();
			return {kind: 'failed', reason: 'node stopped'};
		}

		const link = this.#adopt(
			{kind: 'socket', socket: result.socket, leftover: result.leftover},
			host,
			true,
		);
		return new Promise((resolve) => {
			// Registered after #adopt's own handlers, so the tie-break has run by now.
			link.once('ready', (peer) => {
				this.#refusals.forget(address);
				const kept = this.#byKey.get(peer.key);
				const keptPeer = kept?.peer;
				resolve(
					kept && keptPeer
						? {kind: 'native', link: kept, peer: keptPeer}
						: {kind: 'self'},
				);
			});
			link.once('closed', (reason) => {
				if (link.readyAt) return;
				// A peer that refuses our HELLO may close before we read its
				// own: that says nothing new, and must not undo a refusal.
				if (reason.code === 'secret') this.#refusals.refused(address, reason);
				else if (reason.code !== 'peer-gone') this.#refusals.forget(address);
				resolve({kind: 'failed', reason: reason.text});
			});
		});
	}

	/** Take over an inbound socket that sent the native opening. */
	accept(socket: TransportSocket, ip: Ip, leftover: Uint8Array): void {
		if (this.#stopped) {
			socket.destroy();
			return;
		}

		if (this.#byKey.size + this.#pending.size >= this.#maxLinks) {
			// Links still in their handshake prove nothing yet: when the node
			// is full, one of them makes room (`protocol/eviction.ts`: from
			// the address with the most, the oldest). Links that are up are
			// never pushed out.
			const victim = chooseEviction(
				[...this.#pending]
					.filter((link) => !link.initiator)
					.map((link) => ({
						link,
						address: link.remoteIp,
						since: link.startedAt,
						progress: 0 as const,
					})),
				performance.now(),
				0,
			);
			if (!victim) {
				socket.destroy();
				this.emit('refused', ip, {
					code: 'limit',
					text: `link limit (${this.#maxLinks}) reached`,
				});
				return;
			}

			victim.link.close(evictedReason);
		}

		this.#adopt({kind: 'socket', socket, leftover}, ip, false);
	}

	/**
	 * Take over a Hyperswarm connection: a secret stream already open, its
	 * remote key authenticated (by HyperDHT's handshake); `initiator` when
	 * this node dialed. It becomes a link like any other (HELLO, secret
	 * proof, one link per key).
	 */
	acceptStream(stream: SecretStream, ip: Ip, initiator: boolean): void {
		if (this.#stopped || this.#byKey.size >= this.#maxLinks) {
			stream.destroy();
			if (!this.#stopped) {
				this.emit('refused', ip, {
					code: 'limit',
					text: `link limit (${this.#maxLinks}) reached`,
				});
			}

			return;
		}

		this.#adopt({kind: 'stream', stream}, ip, initiator);
	}

	/** Close every link, letting what was written reach the peers first. */
	async closeAll(): Promise<void> {
		// From now on nothing new is adopted, so nothing escapes the close.
		this.#stopped = true;
		await Promise.all(
			[...this.#pending, ...this.#byKey.values()].map(async (link) =>
				link.end(),
			),
		);
	}

	#adopt(carrier: LinkCarrier, ip: Ip, initiator: boolean): NativeLink {
		const link = new NativeLink({
			carrier,
			initiator,
			remoteIp: ip,
			identity: this.#identity,
			limits: this.#limits,
			tap: this.#tap,
		});
		this.#pending.add(link);
		link.once('ready', (peer) => {
			this.#pending.delete(link);
			this.#onReady(link, peer);
		});
		link.once('closed', (reason) => {
			this.#pending.delete(link);
			const {peer} = link;
			if (peer !== undefined && this.#byKey.get(peer.key) === link) {
				this.#byKey.delete(peer.key);
				this.emit('down', link, peer, reason);
			} else if (reason.code === 'evicted') {
				this.emit('evicted', ip);
			} else if (
				!link.readyAt &&
				reason.code !== 'self' &&
				reason.code !== 'peer-gone'
			) {
				// By key only for links we dialed: a stranger can dial us
				// with keys of its own making, but not make us dial them.
				const key = link.remoteKey;
				if (reason.code === 'secret' && link.initiator && key !== undefined) {
					this.#refusals.refused(key, reason);
				}

				this.emit('refused', ip, reason);
			}
		});
		link.on('frame', (frame, bytes) => {
			// Frames come only after 'ready', so the link has its peer.
			if (link.peer) this.emit('frame', link.peer, frame, link, bytes);
		});
		link.on('lagging', () => {
			const {peer} = link;
			if (peer && this.#byKey.get(peer.key) === link) {
				this.emit('lagging', peer);
			}
		});
		link.on('drained', () => {
			const {peer} = link;
			if (peer && this.#byKey.get(peer.key) === link) {
				this.emit('drained', peer);
			}
		});
		return link;
	}

	#onReady(link: NativeLink, peer: LinkPeer): void {
		const {key} = peer;
		if (key === this.#ownKey) {
			link.close(selfReason);
			return;
		}

		const existing = this.#byKey.get(key);
		if (existing) {
			const candidate = (item: NativeLink) => ({
				link: item,
				dialerKey: item.initiator ? this.#ownKey : key,
				readyAt: item.readyAt ?? 0,
			});
			const keep = chooseLink(candidate(existing), candidate(link)).link;
			const drop = keep === existing ? link : existing;
			if (drop === existing) {
				this.#byKey.set(key, link);
			}

			// Ended, not cut: lines already written to it still arrive.
			void drop.end();
			if (keep === link) this.emit('up', link, peer);
			return;
		}

		this.#byKey.set(key, link);
		this.#refusals.forget(key);
		this.emit('up', link, peer);
	}
}
