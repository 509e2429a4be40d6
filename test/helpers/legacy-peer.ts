/**
 * Raw-socket stand-ins for the seed's reference program, on 127.0.0.1 only:
 * what `printf '9101:hi' | nc -N 127.0.0.1 PORT` sends, and a listener that
 * reads once, replies `Message received` and closes, as the reference does.
 * Over TCP, or over a memory network's transport when given one.
 */
import {Buffer} from 'node:buffer';
import type net from 'node:net';
import {newKeyPair} from '../../source/node/identity.js';
import {
	tcpTransport,
	type Transport,
	type TransportSocket,
} from '../../source/node/transport.js';
import {
	ChatService,
	type ChatServiceOptions,
} from '../../source/service/chat-service.js';

/** Send raw bytes, collect the reply until the peer closes (bounded). */
export async function rawSend(
	port: number,
	payload: string | Uint8Array,
	{
		timeoutMs = 5000,
		halfClose = false,
		transport = tcpTransport,
	}: {timeoutMs?: number; halfClose?: boolean; transport?: Transport} = {},
): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = transport.connect('127.0.0.1', port);
		const chunks: Uint8Array[] = [];
		const timer = setTimeout(() => {
			socket.destroy();
			reject(
				new Error(`no close from 127.0.0.1:${port} within ${timeoutMs} ms`),
			);
		}, timeoutMs);
		socket.on('connect', () => {
			socket.write(payload);
			if (halfClose) socket.end();
		});
		socket.on('data', (chunk: Uint8Array) => {
			chunks.push(chunk);
		});
		socket.on('error', () => {
			// A reset after the reply still counts as closed.
		});
		socket.on('close', () => {
			clearTimeout(timer);
			resolve(Buffer.concat(chunks).toString('utf8'));
		});
	});
}

/** A fake reference node: records each message it receives. */
export type FakeReference = {
	readonly port: number;
	readonly received: string[];
	/** Input without a `:`, such as a native opening (the reference logs it as malformed). */
	readonly malformed: string[];
	close(): Promise<void>;
};

/**
 * Listen on 127.0.0.1 like the reference: one read, reply, close. With
 * `stall`, accept and then never read, reply or close (a frozen peer).
 */
export async function fakeReference({
	stall = false,
	transport = tcpTransport,
}: {stall?: boolean; transport?: Transport} = {}): Promise<FakeReference> {
	const received: string[] = [];
	const malformed: string[] = [];
	const sockets = new Set<TransportSocket>();
	const listener = await transport.listen('127.0.0.1', 0, (socket) => {
		sockets.add(socket);
		socket.on('close', () => {
			sockets.delete(socket);
		});
		socket.on('error', () => {
			// Peers that vanish are not this helper's concern.
		});
		if (stall) return;
		socket.once('data', (chunk: Uint8Array) => {
			const text = Buffer.from(chunk).toString('utf8');
			// The reference prints only well-formed messages; a native opening is not one.
			(text.includes(':') ? received : malformed).push(text);
			socket.end('Message received');
		});
	});
	return {
		port: listener.port,
		received,
		malformed,
		async close() {
			for (const socket of sockets) socket.destroy();
			await listener.close();
		},
	};
}

/**
 * Start a node on 127.0.0.1 with an ephemeral port: on TCP, or on a memory
 * network when `options.transport` is one's.
 */
export async function startNode(
	options: Partial<ChatServiceOptions> = {},
): Promise<{service: ChatService; port: number}> {
	const service = new ChatService({
		port: 0,
		host: '127.0.0.1',
		nick: 'test',
		keyPair: newKeyPair(),
		...options,
	});
	await service.start();
	return {service, port: service.getSnapshot().listening!.port};
}

/** Texts of the chat lines a node has shown, with their senders. */
export function chatLines(service: ChatService): string[] {
	return service
		.getSnapshot()
		.entries.flatMap((entry) =>
			entry.kind === 'chat'
				? [`${entry.source.address ?? '?'}> ${entry.text}`]
				: [],
		);
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(
	transport: Transport = tcpTransport,
): Promise<number> {
	const listener = await transport.listen('127.0.0.1', 0, (socket) => {
		socket.destroy();
	});
	await listener.close();
	return listener.port;
}

/** The TCP port a listening server is bound to. */
export function portOf(server: net.Server): number {
	const address = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('server is not listening on a TCP port');
	}

	return address.port;
}
