/**
 * One native link: a Noise XX handshake over the TCP socket
 * (@hyperswarm/secret-stream), a HELLO each way (nick, listening port, proof
 * of the network secret), then signed chat frames. A link that breaks the
 * rules (bad frame, wrong secret, no HELLO in time, a peer too slow to read)
 * is closed with a reason; it never throws into the caller.
 */
import {Buffer} from 'node:buffer';
import {EventEmitter} from 'node:events';
import SecretStream from '@hyperswarm/secret-stream';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
	maxFrameBytes,
	type ChatEnvelope,
	type FrameError,
	type HelloFrame,
	type NativeFrame,
	type SkippedFrame,
	type DigestFrame,
	type FeaturesFrame,
	type WantFrame,
} from '../protocol/native-frames.js';
import {maxAckedPerFrame} from '../protocol/ack-frames.js';
import {meshFrameOf} from '../protocol/mesh-frame-of.js';
import type {
	Announcement,
	BridgedLine,
	PeerAddress,
} from '../protocol/gossip-messages.js';
import type {MeshFrame, TreeControl} from '../protocol/core-types.js';
import {peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {SyncMessage} from '../protocol/reconcile.js';
import type {Ip} from '../protocol/address.js';
import {guardFrameLengths} from './frame-guard.js';
import {helloProblem, helloProof} from './hello-check.js';
import {SendBacklog, SendLag, type BacklogLimits} from './send-backlog.js';
import type {KeyPair} from './identity.js';
import {errorCode} from './error-info.js';
import type {TransportSocket} from './transport.js';
import {
	peerGoneReason,
	slowPeerReason,
	stoppedReason,
	type CloseReason,
} from './close-reason.js';

/** What this node says about itself in its HELLO, and what it demands. */
export type LinkIdentity = {
	readonly keyPair: KeyPair;
	readonly nick: () => string;
	readonly listenPort: () => number;
	/** The network secret, when the network is closed. */
	readonly secret: string | undefined;
	/** This node catches up (it keeps a history): its HELLO says so. */
	readonly catchUp: boolean;
	/** This node broadcasts by Plumtree: it says TREE-HELLO to peers that can read it. */
	readonly tree: boolean;
};

/** A link's deadlines and bounds (the backlog ones: `send-backlog.ts`). */
export type LinkLimits = BacklogLimits & {
	/**
	 * A backlog past this makes the link lagging: the core stops pushing
	 * lines on it eagerly (`send-lag.ts`), well before `backlogBytes`.
	 */
	readonly laggingBytes: number;
	/** The handshake and both HELLOs must be done by then. */
	readonly helloTimeoutMs: number;
	/** Send an empty message after this long without traffic. */
	readonly keepAliveMs: number;
	/** Close the link after this long without anything from the peer. */
	readonly idleTimeoutMs: number;
};

/** The error Hyperswarm destroys the spare of two connections to one peer with. */
const duplicateMessage = 'Duplicate connection';

export const defaultLinkLimits: LinkLimits = {
	helloTimeoutMs: 5000,
	maxBufferedBytes: 8 * 1024 * 1024,
	backlogBytes: 1024 * 1024,
	laggingBytes: 256 * 1024,
	slowPeerMs: 5000,
	keepAliveMs: 2000,
	idleTimeoutMs: 8000,
};

/**
 * How a link reaches its peer, for the sidebar: a TCP connection, or a
 * Hyperswarm connection (UDP). Whether HyperDHT punched a hole for it or
 * went straight is not told: Hyperswarm does not expose it per connection,
 * and its `firewalled` (this node's guess about itself, true until proven
 * otherwise) said "holepunched" on loopback, where nothing was punched.
 */
export type LinkVia = {readonly kind: 'tcp'} | {readonly kind: 'swarm'};

/**
 * What a link runs over: a raw socket on which it makes the Noise handshake
 * itself, or a secret stream whose handshake is already done (a Hyperswarm
 * connection: HyperDHT makes the handshake while connecting, with our
 * identity key pair, and hands over the open stream).
 */
export type LinkCarrier =
	| {
			readonly kind: 'socket';
			readonly socket: TransportSocket;
			/** Bytes read from the socket before the link took it. */
			readonly leftover?: Uint8Array;
	  }
	| {
			readonly kind: 'stream';
			readonly stream: SecretStream;
	  };

/**
 * Who is at the other end of a link, known once its handshake and HELLO
 * are done (and never before: a link that is not up has no `peer`).
 */
export type LinkPeer = {
	/** The peer's public key (proved by the handshake), hex. */
	readonly key: PeerKey;
	readonly publicKey: Uint8Array;
	readonly hello: HelloFrame;
	/** Where the peer listens: its IP on the socket, the port in its HELLO. */
	readonly address: PeerAddress;
};

/**
 * The protocol inspector's hook (`frame-tap.ts`). A link tells it of every
 * frame it writes or reads, but only while `watching` is true: unwatched,
 * a frame costs one property read here and nothing else.
 */
export type LinkTap = {
	readonly watching: boolean;
	/** A frame written (`bytes`: its length inside the encryption). */
	sent(link: NativeLink, bytes: number, frame: NativeFrame): void;
	/** A frame read; `take` handles it (the tap brackets what follows from it). */
	received(
		link: NativeLink,
		bytes: number,
		frame: NativeFrame | SkippedFrame | FrameError,
		take: () => void,
	): void;
};

export type LinkEvents = {
	/** Handshake and HELLOs done: the link carries chat from now on. */
	ready: [peer: LinkPeer];
	/** A mesh frame from the peer (only after `ready`), `bytes` long on the wire. */
	frame: [frame: MeshFrame, bytes: number];
	/** The link is gone; `reason` says why, for the log. */
	closed: [reason: CloseReason];
	/** Its backlog has just passed `laggingBytes` (`send-lag.ts`). */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	lagging: [];
	/** Its backlog, lagging, has just drained below a quarter of that. */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	drained: [];
};

export class NativeLink extends EventEmitter<LinkEvents> {
	readonly initiator: boolean;
	/** What the link runs over (TCP, or a room's swarm). */
	readonly via: LinkVia;
	/** The remote address as seen on the socket. */
	readonly remoteIp: Ip;
	/** When the TCP connection was made (for the handshake time). */
	readonly startedAt = performance.now();
	readyAt: number | undefined;
	readonly #stream: SecretStream;
	readonly #identity: LinkIdentity;
	readonly #limits: LinkLimits;
	readonly #helloTimer: NodeJS.Timeout;
	/** Bytes written to the raw stream and not yet taken by it. */
	readonly #rawWaiting: () => number;
	readonly #backlog: SendBacklog;
	readonly #lag: SendLag;
	#closedReason: CloseReason | undefined;
	/** The peer said TREE-HELLO (and this node speaks Plumtree too). */
	#peerTree = false;
	#peer: LinkPeer | undefined;
	/** Set by the frame guard, which cuts the socket before the stream notices. */
	#tooLong: CloseReason | undefined;
	/** While the peer is paced: when reading resumes. */
	#resumeTimer: NodeJS.Timeout | undefined;
	/** The TCP socket under the link (none for a Hyperswarm stream). */
	readonly #socket: TransportSocket | undefined;
	/** The socket holds what is written until this turn ends (`#coalesce`). */
	#corked = false;
	#resumeAt = 0;
	readonly #tap: LinkTap | undefined;
	/** Held by the runtime while this link's frames wait to be handled (`hold`). */
	#held = false;

	constructor(options: {
		carrier: LinkCarrier;
		initiator: boolean;
		remoteIp: Ip;
		identity: LinkIdentity;
		limits?: LinkLimits;
		tap?: LinkTap;
	}) {
		super();
		this.#tap = options.tap;
		this.initiator = options.initiator;
		this.remoteIp = options.remoteIp;
		this.#identity = options.identity;
		this.#limits = options.limits ?? defaultLinkLimits;
		this.#lag = new SendLag(this.#limits.laggingBytes);
		const {carrier} = options;
		this.#backlog = new SendBacklog(
			this.#limits,
			() => this.#waitingBytes(),
			() => {
				this.close(slowPeerReason);
			},
		);
		this.#socket = carrier.kind === 'socket' ? carrier.socket : undefined;
		this.#stream =
			carrier.kind === 'socket'
				? this.#handshake(carrier.socket, carrier.leftover)
				: carrier.stream;
		this.via = {kind: carrier.kind === 'socket' ? 'tcp' : 'swarm'};
		this.#rawWaiting =
			carrier.kind === 'socket'
				? () => carrier.socket.writableLength
				: // UDX streams (streamx) keep their count where secret-stream's is.
					() => carrier.stream.rawStream._writableState?.buffered ?? 0;
		this.#helloTimer = setTimeout(() => {
			this.close({code: 'timeout', text: 'no handshake within the deadline'});
		}, this.#limits.helloTimeoutMs);
		const onOpen = () => {
			if (this.closed) return;
			// A peer that vanished without a close (power off, frozen, cable
			// pulled) is noticed by the silence, not 15 minutes later by TCP.
			this.#stream.setKeepAlive(this.#limits.keepAliveMs);
			this.#stream.setTimeout(this.#limits.idleTimeoutMs);
			this.#sendHello();
		};

		if (carrier.kind === 'socket') {
			this.#stream.on('open', onOpen);
		} else {
			// Handed over open: its 'open' has been and gone.
			void carrier.stream.opened.then((opened) => {
				if (opened) onOpen();
			});
		}

		this.#stream.on('data', (data: Uint8Array) => {
			this.#receive(data);
		});
		// A lagging link is told it drained even when nothing more is
		// written to it (lazy, it gets little): when its buffers empty.
		this.#stream.on('drain', () => {
			this.#checkLag();
		});
		if (carrier.kind === 'socket') {
			carrier.socket.on('drain', () => {
				this.#checkLag();
			});
		}

		this.#stream.on('error', (error: Error) => {
			const reset = ['ECONNRESET', 'EPIPE'].includes(errorCode(error) ?? '');
			// Hyperswarm keeps one connection per peer and destroys the
			// other with this error: a tie-break, like ours, not a fault.
			const duplicate =
				this.via.kind === 'swarm' && error.message === duplicateMessage;
			this.close(
				this.#tooLong ??
					((reset && this.readyAt === undefined) || duplicate
						? peerGoneReason
						: {code: 'error', text: error.message}),
			);
		});
		this.#stream.on('close', () => {
			this.close(this.#tooLong ?? peerGoneReason);
		});
	}

	/** The peer, once the link is up. */
	get peer(): LinkPeer | undefined {
		return this.#peer;
	}

	/**
	 * The key the handshake proved, once it has: known before the HELLO is
	 * checked, so also for a link refused then (a different secret).
	 */
	get remoteKey(): PeerKey | undefined {
		const key = this.#stream.remotePublicKey;
		return key ? peerKeyOf(key) : undefined;
	}

	get ready(): boolean {
		return this.readyAt !== undefined && this.#closedReason === undefined;
	}

	get closed(): boolean {
		return this.#closedReason !== undefined;
	}

	/**
	 * Send a chat frame (with its hop count, to a peer that speaks
	 * Plumtree); false (and the link closed) if the peer cannot keep up.
	 */
	sendChat(envelope: ChatEnvelope, hops = 0): boolean {
		if (!this.ready) {
			return false;
		}

		return this.#write(
			this.#peerTree
				? {type: 'chat', envelope, hops}
				: {type: 'chat', envelope},
		);
	}

	/** Send a mesh announcement; false (and the link closed) if the peer cannot keep up. */
	sendAnnounce(announcement: Announcement): boolean {
		return this.ready && this.#write({type: 'announce', announcement});
	}

	/**
	 * Send an extension frame of §9a (FEATURES, DIGEST, WANT); never to a
	 * peer whose HELLO lacks the catch-up flag (a node older than protocol
	 * 1.2 closes the link on a frame type it does not know).
	 */
	sendExtension(frame: FeaturesFrame | DigestFrame | WantFrame): boolean {
		return this.ready && this.#peer?.hello.sync === true && this.#write(frame);
	}

	/** Send a bridged legacy line; false (and the link closed) if the peer cannot keep up. */
	sendBridged(line: BridgedLine, hops = 0): boolean {
		return (
			this.ready &&
			this.#write(
				this.#peerTree
					? {type: 'bridged', line, hops}
					: {type: 'bridged', line},
			)
		);
	}

	/** Send a Plumtree frame; never to a peer that did not say TREE-HELLO. */
	sendTree(control: TreeControl): boolean {
		if (!this.ready || !this.#peerTree) return false;
		return this.#write(
			control.kind === 'ihave'
				? {type: 'ihave', entries: control.entries}
				: control.kind === 'graft'
					? {type: 'graft', ids: control.ids}
					: {type: 'prune'},
		);
	}

	/**
	 * Acknowledge the peer's own lines by `seq`, in frames of at most
	 * `maxAckedPerFrame`; never to a peer whose HELLO did not ask for them
	 * (an older node closes the link on a frame type it does not know).
	 */
	sendAcks(seqs: readonly number[]): void {
		if (!this.ready || !this.#peer?.hello.acks) return;
		for (let start = 0; start < seqs.length; start += maxAckedPerFrame) {
			const part = seqs.slice(start, start + maxAckedPerFrame);
			if (!this.#write({type: 'ack', seqs: part})) return;
		}
	}

	/**
	 * Send a catch-up message; never to a peer whose HELLO did not offer
	 * catch-up. The bytes written; 0 if none (the link is closed if the
	 * peer cannot keep up).
	 */
	sendSync(message: SyncMessage): number {
		if (!this.#syncs()) return 0;
		const frame = {type: 'sync', message} as const;
		const bytes = encodeFrame(frame);
		return this.#writeBytes(bytes, frame) ? bytes.length : 0;
	}

	/**
	 * Send a line the peer asked for (`frame`: its stored CHAT or BRIDGED
	 * frame). False once a backlog is building: serving is not worth
	 * dropping the peer for (what it does not get, it asks again for).
	 */
	sendSynced(frame: Uint8Array): boolean {
		if (!this.#syncs() || this.#waitingBytes() > this.#limits.backlogBytes) {
			return false;
		}

		return this.#write({type: 'synced', frame});
	}

	/** Finish writing, then close (bounded: a peer that does not read is cut off). */
	async end(): Promise<void> {
		if (this.closed) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				this.close(stoppedReason);
			}, 1000);
			this.once('closed', () => {
				clearTimeout(timer);
				resolve();
			});
			this.#stream.end();
		});
	}

	/**
	 * Read nothing more from the peer for `ms`: it wrote beyond its share,
	 * and with our reading paused TCP makes it wait (nothing is lost).
	 */
	pause(ms: number): void {
		// Never as long as the idle deadline: the next frame paces it again.
		const wait = Math.min(ms, this.#limits.idleTimeoutMs / 2);
		const until = performance.now() + wait;
		if (this.#closedReason !== undefined || until <= this.#resumeAt) return;
		this.#resumeAt = until;
		clearTimeout(this.#resumeTimer);
		this.#resumeTimer = setTimeout(() => {
			this.#resumeTimer = undefined;
			this.#flow();
		}, wait);
		this.#flow();
	}

	/**
	 * Read nothing more from the peer until `release`: what it sent so far
	 * waits to be handled (`inbound-turns.ts`), and TCP makes it wait.
	 */
	hold(): void {
		this.#held = true;
		this.#flow();
	}

	/** Read the peer again (unless it is paced). */
	release(): void {
		this.#held = false;
		this.#flow();
	}

	close(reason: CloseReason): void {
		if (this.#closedReason !== undefined) {
			return;
		}

		this.#closedReason = reason;
		clearTimeout(this.#helloTimer);
		clearTimeout(this.#resumeTimer);
		this.#backlog.stop();
		this.#stream.destroy();
		this.emit('closed', reason);
	}

	/**
	 * Shake hands over a raw socket, guarding the frame lengths the
	 * unauthenticated peer announces.
	 */
	#handshake(
		socket: TransportSocket,
		leftover: Uint8Array = new Uint8Array(0),
	): SecretStream {
		guardFrameLengths(socket, maxFrameBytes, leftover, (length) => {
			this.#tooLong = {
				code: 'oversized',
				text: `a message of ${length} bytes, over the limit`,
			};
			socket.destroy();
		});
		return new SecretStream(this.initiator, socket, {
			keyPair: this.#identity.keyPair,
			...(leftover.length > 0 ? {data: leftover} : {}),
		});
	}

	#syncs(): boolean {
		return (
			this.ready && this.#identity.catchUp && this.#peer?.hello.sync === true
		);
	}

	/** Read from the peer unless it is held or paced. */
	#flow(): void {
		if (this.#closedReason !== undefined) return;
		if (this.#held || this.#resumeTimer !== undefined) this.#stream.pause();
		else this.#stream.resume();
	}

	#write(frame: NativeFrame): boolean {
		return this.#writeBytes(encodeFrame(frame), frame);
	}

	#writeBytes(bytes: Uint8Array, frame: NativeFrame): boolean {
		if (!this.#backlog.admit()) return false;
		this.#coalesce();
		// A view, not a copy: the encoded frame is ours alone.
		this.#stream.write(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
		);
		this.#checkLag();
		if (this.#tap?.watching) this.#tap.sent(this, bytes.length, frame);
		return true;
	}

	/** Tell when the backlog begins to lag or has drained (`send-lag.ts`). */
	#checkLag(): void {
		const change = this.#lag.change(this.#waitingBytes());
		if (change) this.emit(change);
	}

	/**
	 * Frames written in one turn of the event loop leave in one system call
	 * (a write per frame was a sixth of a busy node's time): the socket is
	 * corked at the first and uncorked when the turn's I/O is done. Not a
	 * timer: no frame waits for a later turn, so latency does not grow.
	 * Each frame is still its own encrypted message: the bytes on the wire
	 * are the same. (A Hyperswarm stream's UDP packets are left as they are.)
	 */
	#coalesce(): void {
		const socket = this.#socket;
		if (socket === undefined || this.#corked) return;
		this.#corked = true;
		socket.cork();
		setImmediate(() => {
			this.#corked = false;
			socket.uncork();
		});
	}

	/**
	 * Bytes written but not yet taken by the peer: queued in the stream
	 * (streamx, under secret-stream, has no `writableLength`; its count is
	 * `_writableState.buffered`) plus what waits in the socket.
	 */
	#waitingBytes(): number {
		const queued = this.#stream._writableState?.buffered ?? 0;
		return queued + this.#rawWaiting();
	}

	#sendHello(): void {
		const {handshakeHash} = this.#stream;
		const {secret, keyPair} = this.#identity;
		this.#write({
			type: 'hello',
			nick: this.#identity.nick(),
			listenPort: this.#identity.listenPort(),
			proof: helloProof(secret, handshakeHash, keyPair.publicKey),
			acks: true,
			sync: this.#identity.catchUp,
		});
	}

	#receive(data: Uint8Array): void {
		if (this.closed) {
			return;
		}

		const frame = decodeFrame(data);
		if (this.#tap?.watching) {
			this.#tap.received(this, data.length, frame, () => {
				this.#take(frame, data.byteLength);
			});
		} else {
			this.#take(frame, data.byteLength);
		}
	}

	/** A decoded frame of `bytes` bytes, taken in (or the link closed for it). */
	#take(frame: NativeFrame | SkippedFrame | FrameError, bytes: number): void {
		if (isFrameError(frame)) {
			this.close({code: 'protocol', text: frame.error});
			return;
		}

		if (frame.type === 'hello') {
			this.#onHello(frame);
			return;
		}

		if (!this.ready) {
			// Nothing is delivered before the peer has proved itself.
			this.close({code: 'protocol', text: `${frame.type} before HELLO`});
			return;
		}

		const tree = this.#identity.tree && this.#peer?.hello.sync === true;
		const meaning = meshFrameOf(frame, tree);
		if (meaning.kind === 'violation') {
			this.close({code: 'protocol', text: meaning.text});
			return;
		}

		if (meaning.kind === 'skip') return;
		if (meaning.frame.kind === 'tree-hello') this.#peerTree = true;
		this.emit('frame', meaning.frame, bytes);
	}

	#onHello(hello: HelloFrame): void {
		if (this.#peer) {
			this.close({code: 'protocol', text: 'second HELLO'});
			return;
		}

		const remoteKey = this.#stream.remotePublicKey;
		const {handshakeHash} = this.#stream;
		if (!remoteKey || !handshakeHash) {
			this.close({
				code: 'protocol',
				text: 'HELLO before the handshake finished',
			});
			return;
		}

		const {secret} = this.#identity;
		const problem = helloProblem(hello, {secret, handshakeHash, remoteKey});
		if (problem !== undefined) {
			this.close(problem);
			return;
		}

		this.#peer = {
			key: peerKeyOf(remoteKey),
			publicKey: remoteKey,
			hello,
			address: {ip: this.remoteIp, port: hello.listenPort},
		};
		this.readyAt = performance.now();
		clearTimeout(this.#helloTimer);
		// Only a 1.2 peer skips extension types it does not know.
		if (this.#identity.tree && hello.sync) this.#write({type: 'tree-hello'});
		this.emit('ready', this.#peer);
	}
}
