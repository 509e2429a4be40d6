/**
 * The server (on TCP, or the transport it is given). Every inbound
 * connection is read once, the way the seed's reference reads it, but with
 * limits the reference lacks: a read deadline, a cap on open connections that
 * evicts idle ones first, and a size limit. Parsing is left to `protocol/`;
 * this file only moves bytes and keeps time.
 */
import {Buffer} from 'node:buffer';
import {EventEmitter} from 'node:events';
import {classifyFirstByte} from '../protocol/dialect.js';
import {legacyFrameLimit, legacyReply} from '../protocol/legacy-codec.js';
import {nativeOpening} from '../protocol/native-frames.js';
import {parseIp, type Ip} from '../protocol/address.js';
import {chooseEviction} from '../protocol/eviction.js';
import {
	tcpTransport,
	type Listener,
	type Transport,
	type TransportSocket,
} from './transport.js';

/** Limits for inbound connections, in milliseconds and counts. */
export type InboundLimits = {
	/** Close a connection that has not delivered a whole message by then. */
	readonly readDeadlineMs: number;
	/** The reference never half-closes: a pause this long ends the message. */
	readonly idleGapMs: number;
	/** At most this many inbound connections are open at once. */
	readonly maxConnections: number;
};

export const defaultInboundLimits: InboundLimits = {
	readDeadlineMs: 5000,
	idleGapMs: 30,
	maxConnections: 64,
};

/** Events of the inbound server. */
export type InboundEvents = {
	/** A complete legacy payload (not yet parsed) from `ip`. */
	payload: [ip: Ip, bytes: Uint8Array];
	/** A native opening: the socket now belongs to the listener (opening already echoed). */
	native: [socket: TransportSocket, ip: Ip, leftover: Uint8Array];
	/** Neither a legacy message nor the native opening. */
	foreign: [ip: Ip, firstByte: number];
	/**
	 * More than one legacy frame arrived on one connection: its first
	 * frame's worth comes as a `payload` too (the seed reads 4096 bytes once
	 * and shows them), the rest is dropped.
	 */
	oversized: [ip: Ip, bytes: number];
	/** Nothing complete arrived before the read deadline. */
	timeout: [ip: Ip];
	/** An idle connection was closed to make room for a new one. */
	evicted: [ip: Ip];
	/**
	 * A connection closed before its address could be read (the peer reset
	 * it at once): without an address nothing it sent can be attributed, so
	 * it is dropped unread.
	 */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	vanished: [];
};

/**
 * A connection this young is not pushed out while an older one can go: a
 * newcomer gets a few idle gaps to say what it is.
 */
const minAgeMs = 100;

/** Whether `bytes` are the native opening or its beginning (and what follows). */
function opens(bytes: Uint8Array): boolean {
	const length = Math.min(bytes.length, nativeOpening.length);
	for (let index = 0; index < length; index++) {
		if (bytes[index] !== nativeOpening[index]) return false;
	}

	return true;
}

/** An accepted connection that has not finished; an `Unfinished` to choose from. */
type Connection = {
	readonly ip: Ip;
	readonly address: string;
	readonly since: number;
	/** 1 once it is a legacy message in progress (its bytes would be shown). */
	progress: 0 | 1;
	gotBytes: boolean;
	/** Close without a reply and forget the connection. */
	abort: () => void;
	/**
	 * Make room: a legacy message that has bytes is taken as it is (as its
	 * read deadline would: nothing it sent is lost); anything else is
	 * aborted. True when it was aborted.
	 */
	evict: () => boolean;
};

export class InboundServer extends EventEmitter<InboundEvents> {
	readonly #limits: InboundLimits;
	readonly #open = new Set<Connection>();
	readonly #transport: Transport;
	#listener: Listener | undefined;

	constructor(
		limits: InboundLimits = defaultInboundLimits,
		transport: Transport = tcpTransport,
	) {
		super();
		this.#limits = limits;
		this.#transport = transport;
	}

	/** Start listening; rejects with the system error (EADDRINUSE, EACCES, ...). */
	async listen(
		host: string,
		port: number,
	): Promise<{host: string; port: number}> {
		const listener = await this.#transport.listen(host, port, (socket) => {
			this.#accept(socket);
		});
		this.#listener = listener;
		return {host: listener.host, port: listener.port};
	}

	/** Stop accepting and drop every open connection. */
	async close(): Promise<void> {
		for (const connection of this.#open) {
			connection.abort();
		}

		const listener = this.#listener;
		this.#listener = undefined;
		await listener?.close();
	}

	get openConnections(): number {
		return this.#open.size;
	}

	#accept(socket: TransportSocket): void {
		// The address is read once, here. A peer that reset the connection
		// before we asked has none: its bytes (already buffered) would have
		// no sender, and a made-up one would reach the wire and the screen.
		const ip = parseIp(socket.remoteAddress);
		if (ip === undefined) {
			socket.destroy();
			this.emit('vanished');
			return;
		}

		this.#makeRoom();

		const chunks: Uint8Array[] = [];
		let size = 0;
		let gapTimer: NodeJS.Timeout | undefined;
		let settled = false;

		const settle = (reply: boolean) => {
			if (settled) {
				return;
			}

			settled = true;
			clearTimeout(deadline);
			clearTimeout(gapTimer);
			this.#open.delete(connection);
			if (reply && !socket.destroyed) {
				// Nothing more is read from a socket that is answered; one
				// that is destroyed reads nothing anyway, and removing a
				// stream's listeners costs a tick (a churn of evictions).
				socket.removeAllListeners('data');
				// Reply like the reference, then close; a peer that never reads the
				// reply must not keep the socket, so destroy shortly after.
				socket.end(legacyReply);
				setTimeout(() => {
					socket.destroy();
				}, 1000).unref();
			} else {
				socket.destroy();
			}
		};

		const connection: Connection = {
			ip,
			address: ip,
			since: performance.now(),
			progress: 0,
			gotBytes: false,
			abort() {
				settle(false);
			},
			evict() {
				const first = chunks[0]?.[0];
				if (first !== undefined && classifyFirstByte(first) !== 'other') {
					complete();
					return false;
				}

				settle(false);
				return true;
			},
		};
		this.#open.add(connection);

		const complete = () => {
			if (settled) {
				return;
			}

			settle(true);
			this.emit('payload', ip, Buffer.concat(chunks, size));
		};

		const deadline = setTimeout(() => {
			if (settled) {
				return;
			}

			settle(false);
			if (size > 0) {
				// A partial message that stalled: handle what did arrive.
				this.emit('payload', ip, Buffer.concat(chunks, size));
			} else {
				this.emit('timeout', ip);
			}
		}, this.#limits.readDeadlineMs);

		const handOff = (leftover: Uint8Array) => {
			settled = true;
			clearTimeout(deadline);
			this.#open.delete(connection);
			socket.removeAllListeners('data');
			socket.removeAllListeners('end');
			socket.removeAllListeners('error');
			socket.write(nativeOpening);
			this.emit('native', socket, ip, leftover);
		};

		socket.on('data', (chunk: Uint8Array) => {
			// A settled connection's listeners may stay (see `settle`).
			if (settled) return;
			connection.gotBytes = true;
			if (classifyFirstByte(chunk[0] ?? 0) === 'legacy' && size === 0) {
				connection.progress = 1;
			}

			chunks.push(chunk);
			size += chunk.length;
			if (classifyFirstByte(chunks[0]![0]!) === 'other') {
				// One chunk (nearly always) is used as it is, not copied.
				const bytes = chunks.length === 1 ? chunk : Buffer.concat(chunks, size);
				const matches = opens(bytes);
				if (matches && size < nativeOpening.length) {
					return;
				}

				if (matches) {
					handOff(bytes.subarray(nativeOpening.length));
				} else {
					settle(true);
					this.emit('foreign', ip, bytes[0]!);
				}

				return;
			}

			if (size > legacyFrameLimit) {
				settle(true);
				this.emit('oversized', ip, size);
				const bytes = Buffer.concat(chunks, size);
				this.emit('payload', ip, bytes.subarray(0, legacyFrameLimit));
				return;
			}

			clearTimeout(gapTimer);
			gapTimer = setTimeout(complete, this.#limits.idleGapMs);
		});
		socket.on('end', () => {
			if (size > 0) {
				complete();
			} else {
				settle(false);
			}
		});
		socket.on('error', () => {
			// A reset peer: whatever it sent is handled by 'end'/deadline or lost with it.
			settle(false);
		});
	}

	/**
	 * Every connection here is unfinished (a finished one is closed or handed
	 * to the links), so at the cap none keeps a newcomer out: one goes, as
	 * `protocol/eviction.ts` chooses (from the most crowded address, the
	 * least advanced, the oldest). A trickle of one-byte connections cannot
	 * keep lines out.
	 */
	#makeRoom(): void {
		if (this.#open.size < this.#limits.maxConnections) return;
		const victim = chooseEviction(this.#open, performance.now(), minAgeMs);
		if (victim?.evict()) this.emit('evicted', victim.ip);
	}
}
