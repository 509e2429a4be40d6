/**
 * Dialing a host when we do not know (or want to confirm) its dialect: send
 * the native opening and see what comes back. A native node echoes the
 * opening; the seed's reference answers `Message received`, which marks
 * the host legacy. The connection is then handed to a
 * `NativeLink`, or closed.
 */
import {Buffer} from 'node:buffer';
import {legacyReply} from '../protocol/legacy-codec.js';
import {nativeOpening} from '../protocol/native-frames.js';
import {describeSocketError} from './legacy-client.js';
import type {Transport, TransportSocket} from './transport.js';

export type DialResult =
	| {
			readonly kind: 'native';
			readonly socket: TransportSocket;
			readonly leftover: Uint8Array;
	  }
	| {readonly kind: 'legacy'}
	| {readonly kind: 'failed'; readonly reason: string};

const openingText = Buffer.from(nativeOpening);
const legacyText = Buffer.from(legacyReply);

export async function dialNative(
	transport: Transport,
	host: string,
	port: number,
	timeoutMs: number,
): Promise<DialResult> {
	return new Promise((resolve) => {
		const socket = transport.connect(host, port);
		let received = Buffer.alloc(0);
		let done = false;
		const finish = (result: DialResult) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			socket.removeAllListeners();
			if (result.kind === 'native') {
				// The link attaches its own handlers; until then errors must not throw.
				socket.on('error', () => undefined);
			} else {
				socket.destroy();
			}

			resolve(result);
		};

		const timer = setTimeout(() => {
			finish({kind: 'failed', reason: `no answer within ${timeoutMs} ms`});
		}, timeoutMs);
		socket.on('connect', () => {
			socket.write(nativeOpening);
		});
		socket.on('data', (chunk: Uint8Array) => {
			received = Buffer.concat([received, chunk]);
			if (
				received.length < openingText.length &&
				isPrefix(received, openingText)
			) {
				return;
			}

			if (received.subarray(0, openingText.length).equals(openingText)) {
				finish({
					kind: 'native',
					socket,
					leftover: received.subarray(openingText.length),
				});
			} else if (
				isPrefix(received.subarray(0, legacyText.length), legacyText)
			) {
				finish({kind: 'legacy'});
			} else {
				finish({kind: 'failed', reason: 'answered in an unknown protocol'});
			}
		});
		const onEnd = () => {
			// The reference always replies before it closes, even to input it
			// cannot parse. A close with no reply is a busy or broken node (ours
			// close when their connection slots are full), never proof of the
			// legacy dialect: calling it legacy would let anyone who fills our
			// slots make peers talk to us in plain text. So it is a failure,
			// retried later.
			const legacy = received.length > 0 && isPrefix(received, legacyText);
			finish(
				legacy
					? {kind: 'legacy'}
					: {kind: 'failed', reason: 'closed without an answer'},
			);
		};

		socket.on('end', onEnd);
		socket.on('close', onEnd);
		socket.on('error', (error: Error) => {
			finish({kind: 'failed', reason: describeSocketError(error)});
		});
	});
}

function isPrefix(bytes: Uint8Array, of: Uint8Array): boolean {
	return (
		bytes.length <= of.length &&
		Buffer.from(of.subarray(0, bytes.length)).equals(bytes)
	);
}
