/**
 * A hand-driven native peer for tests (127.0.0.1 only; TCP unless given a
 * memory network's transport): it dials a node, does the real handshake and
 * HELLO, and then writes whatever frames the test wants, well-formed or not.
 */
import {Buffer} from 'node:buffer';
import {Duplex} from 'node:stream';
import SecretStream from '@hyperswarm/secret-stream';
import {newKeyPair, type KeyPair} from '../../source/node/identity.js';
import {dialNative} from '../../source/node/native-dial.js';
import {secretProof, Signer} from '../../source/node/signing.js';
import {
	tcpTransport,
	type Transport,
	type TransportSocket,
} from '../../source/node/transport.js';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
	type ChatEnvelope,
	type NativeFrame,
} from '../../source/protocol/native-frames.js';

export type RawNativePeer = {
	readonly keyPair: KeyPair;
	readonly signer: Signer;
	/** Resolves when the node closed the link (bounded by the caller's waits). */
	readonly closed: Promise<void>;
	/**
	 * Frames the node sent, in order (read only with `acks` or `read`: a
	 * peer that reads nothing lets the node's writes pile up).
	 */
	readonly received: NativeFrame[];
	/** Write one secret-stream message (a frame, or any bytes). */
	write(bytes: Uint8Array): void;
	sendChat(envelope: ChatEnvelope): void;
	/** Stop reading from the socket: what the node sends piles up on its side. */
	stopReading(): void;
	/** Read again after `stopReading`: the node's backlog drains. */
	resumeReading(): void;
	destroy(): void;
};

export async function rawNativePeer(
	port: number,
	{
		nick = 'mallory',
		secret,
		listenPort = 9,
		acks = false,
		read = acks,
		transport = tcpTransport,
		coalesce = false,
		tree = false,
	}: {
		nick?: string;
		secret?: string;
		listenPort?: number;
		/**
		 * Say in the HELLO that it reads ACK frames (it never sends any: a
		 * peer that takes lines and does not confirm them). Without it, an
		 * older peer.
		 */
		acks?: boolean;
		/** Read and keep what the node sends (`received`); on with `acks`. */
		read?: boolean;
		transport?: Transport;
		/**
		 * Send what is written in one turn as one chunk at its end, as TCP
		 * hands a busy reader a burst in a few large reads (a memory
		 * network delivers each write on its own).
		 */
		coalesce?: boolean;
		/**
		 * Say in the HELLO that it speaks protocol 1.2 (catch-up), then
		 * TREE-HELLO: the node may make its link lazy (Plumtree).
		 */
		tree?: boolean;
	} = {},
): Promise<RawNativePeer> {
	const dial = await dialNative(transport, '127.0.0.1', port, 3000);
	if (dial.kind !== 'native') throw new Error(`dial: ${dial.kind}`);
	const keyPair = newKeyPair();
	const stream = new SecretStream(
		true,
		coalesce ? coalescing(dial.socket) : dial.socket,
		{
			keyPair,
			data: dial.leftover,
		},
	);
	stream.on('error', () => undefined);
	const closed = new Promise<void>((resolve) => {
		stream.on('close', resolve);
	});
	if (!(await stream.opened)) throw new Error('handshake failed');
	const proof = secret
		? secretProof(secret, stream.handshakeHash!, keyPair.publicKey)
		: new Uint8Array(0);
	const write = (bytes: Uint8Array) => {
		stream.write(Buffer.from(bytes));
	};

	const received: NativeFrame[] = [];
	if (read) {
		stream.on('data', (data: Uint8Array) => {
			const frame = decodeFrame(data);
			if (!isFrameError(frame) && frame.type !== 'skipped')
				received.push(frame);
		});
	}

	write(
		encodeFrame({type: 'hello', nick, listenPort, proof, acks, sync: tree}),
	);
	if (tree) write(encodeFrame({type: 'tree-hello'}));
	return {
		received,
		keyPair,
		signer: new Signer(keyPair),
		write,
		sendChat(envelope) {
			write(encodeFrame({type: 'chat', envelope}));
		},
		closed,
		stopReading() {
			dial.socket.pause();
		},
		resumeReading() {
			dial.socket.resume();
		},
		destroy() {
			stream.destroy();
		},
	};
}

/** `socket`, with the writes of one turn sent together at its end. */
function coalescing(socket: TransportSocket): Duplex {
	const pending: Uint8Array[] = [];
	const flush = () => {
		if (pending.length > 0) socket.write(Buffer.concat(pending.splice(0)));
	};

	const wrapper = new Duplex({
		write(chunk: Uint8Array, _encoding, callback) {
			if (pending.length === 0) setImmediate(flush);
			pending.push(chunk);
			callback();
		},
		read() {
			socket.resume();
		},
		final(callback) {
			flush();
			socket.end();
			callback();
		},
		destroy(error, callback) {
			socket.destroy();
			callback(error);
		},
	});
	socket.on('data', (data: Uint8Array) => {
		if (!wrapper.push(data)) socket.pause();
	});
	socket.on('end', () => {
		wrapper.push(null);
	});
	socket.on('close', () => {
		wrapper.destroy();
	});
	socket.on('error', (error: Error) => {
		wrapper.destroy(error);
	});
	return wrapper;
}
