/**
 * An in-memory network for tests: many nodes in one process, no sockets,
 * no ports taken from the machine. It behaves like TCP on loopback where
 * the node can tell the difference:
 *
 * - One machine, 127.0.0.1: listeners take ports (0: a free one; a taken
 *   one is `EADDRINUSE`); a dial to a port nobody listens on fails, later,
 *   with `ECONNREFUSED`, and one to any other address with `EHOSTUNREACH`.
 * - Bytes arrive in order and never inside the `write` that sent them.
 * - `end()` is a half-close (the other side reads to its end, and its own
 *   end closes both, as `net`'s default `allowHalfOpen: false`); `destroy()`
 *   reaches the other side as a close after what was already sent.
 * - Backpressure is honest and bounded: the receiver buffers up to its
 *   high-water mark; past it the sender's write callback waits until the
 *   receiver reads, so the sender's `write()` returns false and `drain`
 *   comes later. Nothing is buffered beyond the two streams' own limits.
 *
 * Not modelled: resets (a destroy is always a clean close at the other
 * end), TCP's keep-alive and socket timeouts (the node uses secret-stream's
 * own), latency and loss.
 */
import {Duplex} from 'node:stream';
import type {Listener, Transport, TransportSocket} from './transport.js';

/** The one address of the memory machine. */
const loopback = '127.0.0.1';
/** Where port 0 starts looking for a free port (as an ephemeral range). */
const firstEphemeralPort = 40_000;
/** Node's default high-water mark for sockets. */
const highWaterMark = 16 * 1024;

/** An `Error` with a system-style `code`, worded as `net` words it. */
function systemError(code: string, what: string): Error {
	return Object.assign(new Error(`${what} ${code}`), {code});
}

function isLoopback(host: string): boolean {
	return host === loopback || host === 'localhost';
}

/** One end of a memory connection. */
class MemorySocket extends Duplex implements TransportSocket {
	/** Pair two ends; from now on writes flow. */
	static link(a: MemorySocket, b: MemorySocket): void {
		a.#peer = b;
		b.#peer = a;
		for (const end of [a, b]) {
			const pending = end.#beforeConnect;
			end.#beforeConnect = undefined;
			pending?.();
		}
	}

	readonly remoteAddress: string | undefined;
	/**
	 * Told once this end is destroyed and has closed. Not a 'close'
	 * listener: the node's code removes all of a socket's listeners.
	 */
	readonly #onGone: () => void;
	#peer: MemorySocket | undefined;
	/** A write started before the connection was made: it goes once it is. */
	#beforeConnect: (() => void) | undefined;
	/**
	 * The peer's write callback, held while this side's buffer is over its
	 * high-water mark: called when this side reads again.
	 */
	#heldWrite: (() => void) | undefined;

	constructor(remoteAddress: string, onGone: () => void) {
		super({allowHalfOpen: false, highWaterMark});
		this.remoteAddress = remoteAddress;
		this.#onGone = onGone;
	}

	override _write(
		chunk: Uint8Array,
		_encoding: BufferEncoding,
		callback: (error?: Error) => void,
	): void {
		const peer = this.#peer;
		if (peer === undefined) {
			this.#beforeConnect = () => {
				this._write(chunk, _encoding, callback);
			};

			return;
		}

		// Never inside write(): the receiver sees the bytes on a later turn.
		setImmediate(() => {
			// Sent to an end that is gone: dropped, as after a close.
			if (peer.destroyed || peer.readableEnded) {
				callback();
				return;
			}

			if (peer.push(chunk)) {
				callback();
			} else {
				peer.#heldWrite = () => {
					callback();
				};
			}
		});
	}

	override _read(): void {
		const held = this.#heldWrite;
		this.#heldWrite = undefined;
		held?.();
	}

	override _final(callback: (error?: Error) => void): void {
		const peer = this.#peer;
		if (peer === undefined) {
			this.#beforeConnect = () => {
				this._final(callback);
			};

			return;
		}

		// After every write (each was pushed before its callback): the FIN.
		setImmediate(() => {
			peer.#closeReadable();
			callback();
		});
	}

	override _destroy(
		// eslint-disable-next-line @typescript-eslint/no-restricted-types -- Node's own signature
		error: Error | null,
		// eslint-disable-next-line @typescript-eslint/no-restricted-types -- Node's own signature
		callback: (error?: Error | null) => void,
	): void {
		const peer = this.#peer;
		this.#beforeConnect = undefined;
		// What the peer had waiting on our buffer will never be read.
		const held = this.#heldWrite;
		this.#heldWrite = undefined;
		if (peer !== undefined) {
			setImmediate(() => {
				held?.();
				peer.#closeReadable();
			});
		}

		callback(error);
		// After the 'close' event, which comes on the next tick.
		setImmediate(this.#onGone);
	}

	/** The other end will send nothing more. */
	#closeReadable(): void {
		if (!this.destroyed && !this.readableEnded) this.push(null);
	}
}

/** A port being listened on. */
type Bound = {
	readonly onConnection: (socket: TransportSocket) => void;
	/** Accepted connections that have not closed yet. */
	readonly accepted: Set<MemorySocket>;
	/** Set once the listener is closing: resolves its close when the last one goes. */
	closed?: () => void;
};

/**
 * One memory machine that any number of nodes share: each node gets
 * `transport()`, and they reach each other at 127.0.0.1 on the ports
 * they listen on.
 */
export class MemoryNetwork {
	readonly #bound = new Map<number, Bound>();
	readonly #open = new Set<MemorySocket>();
	/** Port 0 takes the next free port from here on, as the system's ephemeral range does. */
	#nextPort = firstEphemeralPort;

	/** Connections not yet closed, both ends counted (for tests that check for leaks). */
	get openSockets(): number {
		return this.#open.size;
	}

	/** A transport on this network. */
	transport(): Transport {
		return {
			connect: (host, port) => this.#connect(host, port),
			listen: async (host, port, onConnection) =>
				this.#listen(host, port, onConnection),
		};
	}

	/** A new end, counted open until it is gone (and then `gone` is told). */
	#socket(remoteAddress: string, gone?: (socket: MemorySocket) => void) {
		const socket: MemorySocket = new MemorySocket(remoteAddress, () => {
			this.#open.delete(socket);
			gone?.(socket);
		});
		this.#open.add(socket);
		return socket;
	}

	#connect(host: string, port: number): TransportSocket {
		const client = this.#socket(isLoopback(host) ? loopback : host);
		// Like a real dial: the outcome comes later, as events.
		setImmediate(() => {
			if (client.destroyed) return;
			const bound = isLoopback(host) ? this.#bound.get(port) : undefined;
			if (bound === undefined) {
				const code = isLoopback(host) ? 'ECONNREFUSED' : 'EHOSTUNREACH';
				client.destroy(systemError(code, `connect`));
				return;
			}

			const server = this.#socket(loopback, (socket) => {
				bound.accepted.delete(socket);
				if (bound.accepted.size === 0) bound.closed?.();
			});
			bound.accepted.add(server);
			MemorySocket.link(client, server);
			bound.onConnection(server);
			client.emit('connect');
		});
		return client;
	}

	#listen(
		host: string,
		port: number,
		onConnection: (socket: TransportSocket) => void,
	): Listener {
		if (!isLoopback(host) && host !== '0.0.0.0') {
			throw systemError('EADDRNOTAVAIL', `listen ${host}`);
		}

		const chosen = port === 0 ? this.#freePort() : port;
		if (this.#bound.has(chosen)) {
			throw systemError('EADDRINUSE', `listen ${host}:${chosen}`);
		}

		const bound: Bound = {onConnection, accepted: new Set()};
		this.#bound.set(chosen, bound);
		let closed: Promise<void> | undefined;
		return {
			host,
			port: chosen,
			close: async () => {
				closed ??= this.#unbind(chosen, bound);
				return closed;
			},
		};
	}

	/** Stop accepting; resolves when every accepted connection has closed, as `net`'s close. */
	async #unbind(port: number, bound: Bound): Promise<void> {
		this.#bound.delete(port);
		if (bound.accepted.size === 0) return;
		await new Promise<void>((resolve) => {
			bound.closed = resolve;
		});
	}

	/** A port not bound now, and not the one just given up (as the system avoids reusing it at once). */
	#freePort(): number {
		const range = 65_536 - firstEphemeralPort;
		for (let tries = 0; tries < range; tries++) {
			const port = this.#nextPort;
			this.#nextPort = port === 65_535 ? firstEphemeralPort : port + 1;
			if (!this.#bound.has(port)) return port;
		}

		throw systemError('EADDRINUSE', 'listen: no free port');
	}
}
