/**
 * Outgoing legacy messages and reachability probes over a `Transport`. One TCP
 * connection per message, as the seed does, but every step has a deadline so
 * a silent host costs its own timer and nobody else's time.
 */
import {Buffer} from 'node:buffer';
import {errorCode} from './error-info.js';
import type {Transport} from './transport.js';

/** The outcome of one legacy send. */
export type SendResult =
	| {readonly ok: true; readonly reply: string}
	| {
			readonly ok: false;
			/** False when the bytes may have arrived (a stall after the write): do not resend. */
			readonly retry: boolean;
			readonly reason: string;
	  };

/**
 * Connect, write `frame` in one write (no newline) and half-close, then
 * wait for the reply or the close.
 */
/** How a legacy send goes out: over which transport, within how long. */
export type LegacyVia = {
	readonly transport: Transport;
	/** Connect, write and reply must fit in this. */
	readonly timeoutMs: number;
};

export async function sendLegacy(
	{transport, timeoutMs}: LegacyVia,
	host: string,
	port: number,
	frame: Uint8Array,
): Promise<SendResult> {
	return new Promise((resolve) => {
		const socket = transport.connect(host, port);
		const chunks: Uint8Array[] = [];
		let written = false;
		let done = false;

		const finish = (result: SendResult) => {
			if (done) {
				return;
			}

			done = true;
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};

		const timer = setTimeout(() => {
			finish(
				written
					? {ok: false, retry: false, reason: `no reply within ${timeoutMs} ms`}
					: {
							ok: false,
							retry: true,
							reason: `no connection within ${timeoutMs} ms`,
						},
			);
		}, timeoutMs);

		socket.on('connect', () => {
			// One write, then a half-close: the reference reads once and replies
			// all the same, and a receiver that waits for a pause (ours, for the
			// reference's sake) sees the end of the message at once instead.
			socket.end(frame, () => {
				written = true;
			});
		});
		socket.on('data', (chunk: Uint8Array) => {
			chunks.push(chunk);
			// The reference's whole reply is 16 bytes; anything is enough to know it read ours.
			finish({ok: true, reply: Buffer.concat(chunks).toString('utf8')});
		});
		socket.on('end', () => {
			finish({ok: true, reply: Buffer.concat(chunks).toString('utf8')});
		});
		socket.on('error', (error: Error) => {
			finish({ok: false, retry: !written, reason: describeSocketError(error)});
		});
		socket.on('close', () => {
			finish(
				written
					? {ok: true, reply: ''}
					: {
							ok: false,
							retry: true,
							reason: 'connection closed before the write',
						},
			);
		});
	});
}

/**
 * Send a line's legacy messages one after another, resuming at
 * `progress.sentFrames` (where an earlier failure stopped) and advancing it.
 */
export async function sendLegacyParts(
	via: LegacyVia,
	{address, port}: {readonly address: string; readonly port: number},
	frames: readonly Uint8Array[],
	progress: {sentFrames: number},
): Promise<SendResult> {
	while (progress.sentFrames < frames.length) {
		// eslint-disable-next-line no-await-in-loop
		const result = await sendLegacy(
			via,
			address,
			port,
			frames[progress.sentFrames]!,
		);
		if (!result.ok) {
			// After a write that got no reply the message may have arrived: never resend it.
			if (!result.retry) progress.sentFrames++;
			return result;
		}

		progress.sentFrames++;
	}

	return {ok: true, reply: ''};
}

/**
 * Open a TCP connection and close it again. The reference ignores a
 * connection that sends nothing, so this is a safe "are you there?".
 */
export async function probe(
	transport: Transport,
	host: string,
	port: number,
	timeoutMs: number,
): Promise<{ok: true} | {ok: false; reason: string}> {
	return new Promise((resolve) => {
		const socket = transport.connect(host, port);
		const finish = (result: {ok: true} | {ok: false; reason: string}) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};

		const timer = setTimeout(() => {
			finish({ok: false, reason: `no connection within ${timeoutMs} ms`});
		}, timeoutMs);
		socket.once('connect', () => {
			finish({ok: true});
		});
		socket.once('error', (error: Error) => {
			finish({ok: false, reason: describeSocketError(error)});
		});
	});
}

const socketErrorWords = new Map([
	['ECONNREFUSED', 'connection refused'],
	['ECONNRESET', 'connection reset'],
	['EHOSTUNREACH', 'no route to host'],
	['ENETUNREACH', 'no route to host'],
	['EPIPE', 'connection closed while writing'],
]);

/** Socket errors in words: "connection refused", not "ECONNREFUSED". */
export function describeSocketError(error: Error): string {
	return socketErrorWords.get(errorCode(error) ?? '') ?? error.message;
}
