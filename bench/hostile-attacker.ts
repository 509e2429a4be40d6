/**
 * Mallory, the attacker of the hostile bench (bench/hostile.ts), in a
 * process of its own: its signing and writing do not take the honest
 * nodes' event loop, and its RSS is its own. Commanded over IPC one phase
 * at a time: `prepare` signs and encodes everything the phase will send
 * (so the flood reaches the finding's rate) and links to alice; `go` runs
 * the phase and reports what was sent. Signatures are made with
 * libsodium, as the nodes check them (node:crypto's Signer is three times
 * slower for 1 KiB lines here). Loopback only; every loop is bounded in
 * count and time.
 */
import {Buffer} from 'node:buffer';
import net from 'node:net';
import process from 'node:process';
import SecretStream from '@hyperswarm/secret-stream';
import sodium from 'sodium-native';
import {newKeyPair, type KeyPair} from '../source/index.js';
import {dialNative} from '../source/node/native-dial.js';
import {announcementSignedBytes} from '../source/protocol/gossip-frames.js';
import type {
	AnnouncedLink,
	Announcement,
} from '../source/protocol/gossip-messages.js';
import {maxLineBytes} from '../source/protocol/limits.js';
import {
	encodeFrame,
	nativeOpening,
	signedBytes,
	type ChatEnvelope,
} from '../source/protocol/native-frames.js';
import {asIp} from '../test/helpers/ip.js';
import {tcpTransport} from '../source/node/transport.js';
import {
	announcementsPerSecond,
	bareOpenings,
	bigLineCount,
	linesPerSecond,
	oneByteSockets,
	serve,
	sybilCount,
	type AttackReply,
	type AttackRequest,
	type PrepareReply,
} from './hostile-ipc.js';

/** Half-open: connections opened in all, at most. */
const maxOpens = 30_000;
const loopback = asIp('127.0.0.1');

function sign(message: Uint8Array, keyPair: KeyPair): Uint8Array {
	const signature = Buffer.alloc(64);
	sodium.crypto_sign_detached(signature, message, keyPair.secretKey);
	return signature;
}

async function pause(ms: number): Promise<void> {
	await new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

type Link = {
	/** False once the stream's buffer is full: wait for `drained`. */
	write(bytes: Uint8Array): boolean;
	/** Resolves once the buffer drained, the link closed, or `timeoutMs` passed. */
	drained(timeoutMs?: number): Promise<void>;
	isClosed(): boolean;
	destroy(): void;
};

/** A native link to alice with this key: the real handshake and HELLO; what she sends is read and dropped. */
async function link(port: number, keyPair: KeyPair): Promise<Link> {
	const dial = await dialNative(tcpTransport, '127.0.0.1', port, 3000);
	if (dial.kind !== 'native') throw new Error(`dial: ${dial.kind}`);
	const stream = new SecretStream(true, dial.socket, {
		keyPair,
		data: dial.leftover,
	});
	let closed = false;
	stream.on('error', () => undefined);
	stream.on('close', () => {
		closed = true;
	});
	stream.on('data', () => undefined);
	if (!(await stream.opened)) throw new Error('handshake failed');
	const write = (bytes: Uint8Array) => stream.write(Buffer.from(bytes));
	write(
		encodeFrame({
			type: 'hello',
			nick: 'mallory',
			listenPort: 9,
			proof: new Uint8Array(0),
			// An older peer: it never acknowledges, and is sent no ACKs.
			acks: false,
			sync: false,
		}),
	);
	return {
		write,
		async drained(timeoutMs = 1000) {
			if (closed) return;
			await new Promise<void>((resolve) => {
				const done = () => {
					clearTimeout(timer);
					stream.off('drain', done);
					stream.off('close', done);
					resolve();
				};

				const timer = setTimeout(done, timeoutMs);
				stream.on('drain', done);
				stream.on('close', done);
			});
		},
		isClosed: () => closed,
		destroy() {
			stream.destroy();
		},
	};
}

/**
 * Write `count` frames to the link at `rate` a second (or as fast as alice
 * reads when undefined), for at most `durationMs`; waits when the link
 * pushes back, and does not run ahead of the schedule afterwards by more
 * than the frames it owes.
 */
async function paced({
	target,
	count,
	frame,
	rate,
	durationMs,
}: {
	target: Link;
	count: number;
	frame: (index: number) => Uint8Array;
	rate: number | undefined;
	durationMs: number;
}): Promise<AttackReply> {
	const start = performance.now();
	let sent = 0;
	let bytes = 0;
	let blockedMs = 0;
	for (let turn = 0; turn < 10_000_000 && sent < count; turn++) {
		if (target.isClosed()) break;
		const elapsed = performance.now() - start;
		if (elapsed >= durationMs) break;
		const due =
			rate === undefined
				? count
				: Math.min(count, Math.floor((rate * elapsed) / 1000) + 1);
		let flowing = true;
		while (sent < due && flowing) {
			const bytesOut = frame(sent);
			sent++;
			bytes += bytesOut.length;
			flowing = target.write(bytesOut);
		}

		if (flowing) {
			// eslint-disable-next-line no-await-in-loop -- the next slice of the schedule
			await pause(1);
		} else {
			const blocked = performance.now();
			// eslint-disable-next-line no-await-in-loop -- backpressure, bounded by the phase
			await target.drained(Math.max(1, durationMs - elapsed));
			blockedMs += performance.now() - blocked;
		}
	}

	const elapsedMs = performance.now() - start;
	const linkClosed = target.isClosed();
	// What is still buffered here gets a moment to leave before the link is cut.
	await target.drained(500);
	target.destroy();
	return {
		sent,
		bytes,
		elapsedMs,
		targetRate: rate,
		linkClosed,
		closedByNode: 0,
		blockedMs,
	};
}

/**
 * 1,000 sybils, each vouched for: mallory announces its link to alice and
 * to 31 sybils; every sybil announces its link to its parent (mallory or a
 * sybil) and to up to 31 children, so every made-up peer is reachable
 * through mallory. Round after round, each with a newer version, at 950 a
 * second.
 */
function announcementFrames(
	mallory: KeyPair,
	aliceKey: Uint8Array,
	alicePort: number,
	count: number,
): Uint8Array[] {
	const sybils = Array.from({length: sybilCount}, () => newKeyPair());
	const fanOut = 31;
	const port = (index: number) => 1 + index;
	const asLink = (index: number): AnnouncedLink => ({
		key: sybils[index]!.publicKey,
		ip: loopback,
		port: port(index),
	});
	const children = (index: number) => {
		const first = fanOut + index * fanOut;
		const links: AnnouncedLink[] = [];
		for (
			let child = first;
			child < first + fanOut && child < sybilCount;
			child++
		) {
			links.push(asLink(child));
		}

		return links;
	};

	const parentOf = (index: number): AnnouncedLink =>
		index < fanOut
			? {key: mallory.publicKey, ip: loopback, port: 9}
			: asLink(Math.floor((index - fanOut) / fanOut));
	const announce = (
		keyPair: KeyPair,
		version: number,
		links: AnnouncedLink[],
	) => {
		const unsigned = {
			origin: keyPair.publicKey,
			version,
			nick: 'sybil',
			leaving: false,
			links,
			legacy: [],
		};
		const announcement: Announcement = {
			...unsigned,
			signature: sign(announcementSignedBytes(unsigned), keyPair),
		};
		return encodeFrame({type: 'announce', announcement});
	};

	const ownLinks = [
		{key: aliceKey, ip: loopback, port: alicePort},
		...Array.from({length: fanOut}, (_, index) => asLink(index)),
	];
	const frames: Uint8Array[] = [];
	const base = Date.now();
	for (let round = 0; frames.length < count && round < 1000; round++) {
		frames.push(announce(mallory, base + round, ownLinks));
		for (let index = 0; index < sybilCount && frames.length < count; index++) {
			frames.push(
				announce(sybils[index]!, base + round, [
					parentOf(index),
					...children(index),
				]),
			);
		}
	}

	return frames;
}

/** `count` signed lines of mallory's own, `bytes` long, in order (each a newer sequence). */
function signedLines(
	mallory: KeyPair,
	count: number,
	bytes: number,
): ChatEnvelope[] {
	const text = 'x'.repeat(bytes);
	const envelopes: ChatEnvelope[] = [];
	let seq = Date.now();
	for (let index = 0; index < count; index++) {
		const timestamp = Date.now();
		seq = Math.max(seq + 1, timestamp);
		const unsigned = {
			author: mallory.publicKey,
			nick: 'mallory',
			timestamp,
			seq,
			text,
		};
		envelopes.push({
			...unsigned,
			signature: sign(signedBytes(unsigned), mallory),
		});
	}

	return envelopes;
}

/**
 * 80 sockets that send one byte (`P`) and 140 bare native openings, each
 * reopened as soon as alice closes it, for the phase (at most `maxOpens`).
 */
async function halfOpen(
	port: number,
	durationMs: number,
): Promise<AttackReply> {
	const start = performance.now();
	const end = start + durationMs;
	const open = new Set<net.Socket>();
	let made = 0;
	let bytes = 0;
	let closedByNode = 0;
	let stopping = false;
	const openOne = (payload: Uint8Array) => {
		if (stopping || performance.now() > end || made >= maxOpens) return;
		made++;
		const socket = net.connect({host: '127.0.0.1', port}, () => {
			socket.write(payload);
			bytes += payload.length;
		});
		open.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => {
			open.delete(socket);
			if (stopping) return;
			closedByNode++;
			openOne(payload);
		});
	};

	for (let index = 0; index < oneByteSockets; index++) {
		openOne(Buffer.from('P'));
	}

	for (let index = 0; index < bareOpenings; index++) openOne(nativeOpening);
	await pause(durationMs);
	stopping = true;
	const elapsedMs = performance.now() - start;
	for (const socket of open) socket.destroy();
	return {
		sent: made,
		bytes,
		elapsedMs,
		targetRate: undefined,
		linkClosed: false,
		closedByNode,
		blockedMs: 0,
	};
}

let ready: (() => Promise<AttackReply>) | undefined;

/** Link to alice now; the attack then sends `frames`, made ahead, at `rate`. */
async function sendsAhead(
	port: number,
	mallory: KeyPair,
	sending: {frames: readonly Uint8Array[]; rate: number; durationMs: number},
): Promise<() => Promise<AttackReply>> {
	const {frames, rate, durationMs} = sending;
	const target = await link(port, mallory);
	return async () =>
		paced({
			target,
			count: frames.length,
			frame: (index) => frames[index]!,
			rate,
			durationMs,
		});
}

async function prepare(
	request: Extract<AttackRequest, {type: 'prepare'}>,
): Promise<PrepareReply> {
	const start = performance.now();
	const {port, durationMs} = request;
	const mallory = newKeyPair();
	const seconds = durationMs / 1000;
	let prepared = 0;
	switch (request.attack) {
		case 'announcements': {
			const frames = announcementFrames(
				mallory,
				Buffer.from(request.aliceKey, 'hex'),
				port,
				Math.ceil(announcementsPerSecond * seconds),
			);
			prepared = frames.length;
			ready = await sendsAhead(port, mallory, {
				frames,
				rate: announcementsPerSecond,
				durationMs,
			});
			break;
		}

		case 'lines': {
			const frames = signedLines(
				mallory,
				Math.ceil(linesPerSecond * seconds),
				1024,
			).map((envelope) => encodeFrame({type: 'chat', envelope}));
			prepared = frames.length;
			ready = await sendsAhead(port, mallory, {
				frames,
				rate: linesPerSecond,
				durationMs,
			});
			break;
		}

		case 'big-lines': {
			// Signed ahead, encoded as they go: 20,000 frames of 32 KiB would be 650 MB here.
			const envelopes = signedLines(mallory, bigLineCount, maxLineBytes);
			prepared = envelopes.length;
			const target = await link(port, mallory);
			ready = async () =>
				paced({
					target,
					count: envelopes.length,
					frame: (index) =>
						encodeFrame({type: 'chat', envelope: envelopes[index]!}),
					rate: undefined,
					durationMs,
				});
			break;
		}

		case 'half-open': {
			ready = async () => halfOpen(port, durationMs);
			break;
		}
	}

	return {prepared, prepareMs: performance.now() - start};
}

async function handle(request: AttackRequest): Promise<unknown> {
	switch (request.type) {
		case 'prepare': {
			return prepare(request);
		}

		case 'go': {
			const run = ready;
			ready = undefined;
			if (!run) throw new Error('go before prepare');
			return run();
		}

		case 'exit': {
			// Nothing is left open: the process ends once the channel closes.
			setTimeout(() => {
				process.disconnect();
			}, 50);
			return {};
		}
	}
}

serve(handle);
