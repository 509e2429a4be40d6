/**
 * The part of @hyperswarm/secret-stream (6.x) that p2p-chat uses. The package
 * ships no types; this follows its README and index.js.
 */
declare module '@hyperswarm/secret-stream' {
	import type {Duplex} from 'node:stream';

	type KeyPair = {publicKey: Uint8Array; secretKey: Uint8Array};

	type SecretStreamOptions = {
		/** Our static ed25519 key pair for the Noise XX handshake. */
		keyPair?: KeyPair;
		/** Bytes already read from the raw stream, fed in before its own data. */
		data?: Uint8Array;
		/** Send an empty message this often (ms) to keep the link alive. */
		keepAlive?: number;
	};

	/** A Noise XX handshake, then length-prefixed encrypted messages. */
	export default class SecretStream extends Duplex {
		static keyPair(seed?: Uint8Array): KeyPair;
		constructor(
			isInitiator: boolean,
			rawStream: Duplex,
			options?: SecretStreamOptions,
		);
		readonly isInitiator: boolean;
		readonly publicKey: Uint8Array | undefined;
		readonly remotePublicKey: Uint8Array | undefined;
		/**
		 * The write state of streamx (it has no `writableLength`): `buffered` is
		 * the bytes written and not yet passed on to the socket.
		 */
		readonly _writableState: {readonly buffered: number} | undefined;
		/** 64 bytes that both ends share once the handshake is done. */
		readonly handshakeHash: Uint8Array | undefined;
		/**
		 * What it runs over: our TCP socket, or a UDX stream (Hyperswarm), which
		 * has the peer's address as `remoteHost` and, being streamx, its
		 * write queue in `_writableState`.
		 */
		readonly rawStream: Duplex & {
			readonly remoteHost?: string | undefined;
			readonly _writableState?: {readonly buffered: number};
		};

		/** Resolves true once open, false if the stream died first. */
		readonly opened: Promise<boolean>;
		/** Destroy the stream after this long without incoming data. */
		setTimeout(ms: number): void;
		setKeepAlive(ms: number): void;
	}
}
