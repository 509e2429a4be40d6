/**
 * What the node does with the network, and nothing more: open a connection
 * to `host:port`, and listen on one. The node takes a `Transport`, so the
 * same node runs over TCP (`tcpTransport`, the default) or over an
 * in-memory network (`memory-transport.ts`) that lets tests run many nodes
 * in one process without sockets.
 *
 * Host names and this machine's own addresses (`resolve-host.ts`,
 * `local-addresses.ts`) stay outside: nodes on a memory network listen on
 * 127.0.0.1 and are given IP literals, which need neither.
 */
import net from 'node:net';
import type {Duplex} from 'node:stream';

/**
 * One connection, as the node uses it: a byte stream both ways (write,
 * end to half-close, destroy; `data`, `end`, `drain`, `error`, `close`)
 * and the peer's address. A dialed one also emits `connect`, or `error`
 * (with a `code` such as `ECONNREFUSED`) and `close`. A `net.Socket` is one.
 */
export type TransportSocket = Duplex & {
	/** The peer's IP; none when the connection is already gone (a reset before it was read). */
	readonly remoteAddress?: string | undefined;
};

/** A bound port. */
export type Listener = {
	/** Where it is bound (a port of 0 is replaced by the one chosen). */
	readonly host: string;
	readonly port: number;
	/**
	 * Stop accepting; resolves once every connection it ever accepted has
	 * closed (as `net.Server.close`), those handed on to links included.
	 */
	close(): Promise<void>;
};

/** Connect and listen: a node's whole use of the network. */
export type Transport = {
	/** Start a connection to `host:port`; the socket says how it went by its events. */
	connect(host: string, port: number): TransportSocket;
	/**
	 * Bind `host:port` (port 0: any free one) for this listener alone;
	 * rejects with the system's error (`EADDRINUSE`, `EACCES`, ...).
	 */
	listen(
		host: string,
		port: number,
		onConnection: (socket: TransportSocket) => void,
	): Promise<Listener>;
};

/** The real network: `node:net`. */
/**
 * TCP, with Nagle's algorithm off: a chat line is one small frame, and
 * waiting to batch it with the next cost about 20 ms per hop whenever the
 * peer's acknowledgement was delayed (measured in the hostile bench).
 */
export const tcpTransport: Transport = {
	connect(host, port) {
		return net.connect({host, port, noDelay: true});
	},
	async listen(host, port, onConnection) {
		const server = net.createServer({noDelay: true}, onConnection);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen({host, port, exclusive: true}, () => {
				server.off('error', reject);
				// An accept that fails (out of file descriptors) leaves the
				// server listening; unheard, the error would end the process.
				server.on('error', () => undefined);
				resolve();
			});
		});
		const address = server.address();
		if (address === null || typeof address === 'string') {
			server.close();
			throw new Error('the server is not bound to a TCP port');
		}

		return {
			host: address.address,
			port: address.port,
			async close() {
				await new Promise<void>((resolve) => {
					server.close(() => {
						resolve();
					});
				});
			},
		};
	},
};
