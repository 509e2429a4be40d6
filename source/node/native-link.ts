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
} from '../protocol/native-frames.js';
import {maxAckedPerFrame} from '../protocol/ack-frames.js';
import type {
	Announcement,
	BridgedLine,
	PeerAddress,
} from '../protocol/gossip-messages.js';
import type {MeshFrame} from '../protocol/core-types.js';
import {peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {SyncMessage} from '../protocol/reconcile.js';
import type {Ip} from '../protocol/address.js';
import {guardFrameLengths} from './frame-guard.js';
import {helloProblem} from './hello-check.js';
import {SendBacklog, type BacklogLimits} from './send-backlog.js';
import type {KeyPair} from './identity.js';
import {secretProof} from './signing.js';
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
};

/** A link's deadlines and bounds (the backlog ones: `send-backlog.ts`). */
export type LinkLimits = BacklogLimits & {
	/** The handshake and both HELLOs must be done by then. */
	readonly helloTimeoutMs: number;
	/** Send an empty message after this long without traffic. */
	readonly keepAliveMs: number;
	/** Close the link after this long without anything from the peer. */
	readonly idleTimeoutMs: number;
};

export const defaultLinkLimits: LinkLimits = {
	helloTimeoutMs: 5000,
	maxBufferedBytes: 8 * 1024 * 1024,
	backlogBytes: 1024 * 1024,
	slowPeerMs: 5000,
	keepAliveMs: 2000,
	idleTimeoutMs: 8000,
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
};

export class NativeLink extends EventEmitter<LinkEvents> {
	readonly initiator: boolean;
	/** The remote address as seen on the socket. */
	readonly remoteIp: Ip;
	/** When the TCP connection was made (for the handshake time). */
	readonly startedAt = performance.now();
	readyAt: number | undefined;
	readonly #stream: SecretStream;
	readonly #identity: LinkIdentity;
	readonly #limits: LinkLimits;
	readonly #helloTimer: NodeJS.Timeout;
	readonly #socket: TransportSocket;
	readonly #backlog: SendBacklog;
	#closedReason: CloseReason | undefined;
	#peer: LinkPeer | undefined;
	/** Set by the frame guard, which cuts the socket before the stream notices. */
	#tooLong: CloseReason | undefined;
	/** While the peer is paced: when reading resumes. */
	#resumeTimer: NodeJS.Timeout | undefined;
	/** The socket holds what is written until this turn ends (`#coalesce`). */
	#corked = false;
	#resumeAt = 0;
	readonly #tap: LinkTap | undefined;
	/** Held by the runtime while this link's frames wait to be handled (`hold`). */
	#held = false;

	constructor(options: {
		socket: TransportSocket;
		initiator: boolean;
		remoteIp: Ip;
		identity: LinkIdentity;
		leftover?: Uint8Array;
		limits?: LinkLimits;
		tap?: LinkTap;
	}) {
		super();
		this.#tap = options.tap;
		this.initiator = options.initiator;
		this.remoteIp = options.remoteIp;
		this.#identity = options.identity;
		this.#limits = options.limits ?? defaultLinkLimits;
		this.#socket = options.socket;
		this.#backlog = new SendBacklog(
			this.#limits,
			() => this.#waitingBytes(),
			() => {
				this.close(slowPeerReason);
			},
		);
		guardFrameLengths(
			options.socket,
			maxFrameBytes,
			options.leftover ?? new Uint8Array(0),
			(length) => {
				this.#tooLong = {
					code: 'oversized',
					text: `a message of ${length} bytes, over the limit`,
				};
				options.socket.destroy();
			},
		);
		this.#stream = new SecretStream(options.initiator, options.socket, {
			keyPair: options.identity.keyPair,
			...(options.leftover && options.leftover.length > 0
				? {data: options.leftover}
				: {}),
		});
		this.#helloTimer = setTimeout(() => {
			this.close({code: 'timeout', text: 'no handshake within the deadline'});
		}, this.#limits.helloTimeoutMs);
		this.#stream.on('open', () => {
			// A peer that vanished without a close (power off, frozen, cable
			// pulled) is noticed by the silence, not 15 minutes later by TCP.
			this.#stream.setKeepAlive(this.#limits.keepAliveMs);
			this.#stream.setTimeout(this.#limits.idleTimeoutMs);
			this.#sendHello();
		});
		this.#stream.on('data', (data: Uint8Array) => {
			this.#receive(data);
		});
		this.#stream.on('error', (error: Error) => {
			const reset = ['ECONNRESET', 'EPIPE'].includes(errorCode(error) ?? '');
			this.close(
				this.#tooLong ??
					(reset && this.readyAt === undefined
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

	get ready(): boolean {
		return this.readyAt !== undefined && this.#closedReason === undefined;
	}

	get closed(): boolean {
		return this.#closedReason !== undefined;
	}

	/** Send a chat frame; false (and the link closed) if the peer cannot keep up. */
	sendChat(envelope: ChatEnvelope): boolean {
		if (!this.ready) {
			return false;
		}

		return this.#write({type: 'chat', envelope});
	}

	/** Send a mesh announcement; false (and the link closed) if the peer cannot keep up. */
	sendAnnounce(announcement: Announcement): boolean {
		return this.ready && this.#write({type: 'announce', announcement});
	}

	/** Send a bridged legacy line; false (and the link closed) if the peer cannot keep up. */
	sendBridged(line: BridgedLine): boolean {
		return this.ready && this.#write({type: 'bridged', line});
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
		if (this.#tap?.watching) this.#tap.sent(this, bytes.length, frame);
		return true;
	}

	/**
	 * Frames written in one turn of the event loop leave in one system call
	 * (a write per frame was a sixth of a busy node's time): the socket is
	 * corked at the first and uncorked when the turn's I/O is done. Not a
	 * timer: no frame waits for a later turn, so latency does not grow.
	 * Each frame is still its own encrypted message: the bytes on the wire
	 * are the same.
	 */
	#coalesce(): void {
		if (this.#corked) return;
		this.#corked = true;
		this.#socket.cork();
		setImmediate(() => {
			this.#corked = false;
			this.#socket.uncork();
		});
	}

	/**
	 * Bytes written but not yet taken by the peer: queued in the stream
	 * (streamx, under secret-stream, has no `writableLength`; its count is
	 * `_writableState.buffered`) plus what waits in the socket.
	 */
	#waitingBytes(): number {
		const queued = this.#stream._writableState?.buffered ?? 0;
		return queued + this.#socket.writableLength;
	}

	#sendHello(): void {
		const {handshakeHash} = this.#stream;
		const {secret, keyPair} = this.#identity;
		const proof =
			secret && handshakeHash
				? secretProof(secret, handshakeHash, keyPair.publicKey)
				: new Uint8Array(0);
		this.#write({
			type: 'hello',
			nick: this.#identity.nick(),
			listenPort: this.#identity.listenPort(),
			proof,
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

		switch (frame.type) {
			case 'chat': {
				this.emit('frame', {kind: 'chat', envelope: frame.envelope}, bytes);
				break;
			}

			case 'announce': {
				this.emit(
					'frame',
					{kind: 'announce', announcement: frame.announcement},
					bytes,
				);
				break;
			}

			case 'bridged': {
				this.emit('frame', {kind: 'bridged', line: frame.line}, bytes);
				break;
			}

			case 'ack': {
				this.emit('frame', {kind: 'ack', seqs: frame.seqs}, bytes);
				break;
			}

			// An extension this node does not know (docs/PROTOCOL.md §3): skipped.
			case 'skipped': {
				break;
			}

			case 'sync': {
				this.emit('frame', {kind: 'sync', message: frame.message}, bytes);
				break;
			}

			case 'synced': {
				const line = decodeFrame(frame.frame);
				if (
					isFrameError(line) ||
					(line.type !== 'chat' && line.type !== 'bridged')
				) {
					this.close({
						code: 'protocol',
						text: 'a SYNCED frame that holds no line',
					});
					return;
				}

				this.emit(
					'frame',
					{
						kind: 'synced',
						payload:
							line.type === 'chat'
								? {kind: 'chat', envelope: line.envelope}
								: {kind: 'bridged', line: line.line},
					},
					bytes,
				);
				break;
			}
		}
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
		this.emit('ready', this.#peer);
	}
}
