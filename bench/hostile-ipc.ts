/**
 * The hostile bench's processes (bench/hostile.ts) talk over Node's IPC
 * channel: the parent sends a request with an id, the child answers with
 * the same id. Honest nodes run bench/hostile-node.ts, the attacker
 * bench/hostile-attacker.ts; these are the messages each understands.
 */
import type {ChildProcess} from 'node:child_process';
import process from 'node:process';
import type {ChatCounters, RuntimeStats} from '../source/index.js';
import type {DiagnosisRequest} from './memory-diagnosis.js';

/** The findings' rates (issue 10, findings 2, 3 and 4). */
export const announcementsPerSecond = 950;
export const sybilCount = 1000;
export const linesPerSecond = 7200;
export const bigLineCount = 20_000;
export const oneByteSockets = 80;
export const bareOpenings = 140;

/** What the attacker floods alice with, one phase at a time. */
export type AttackKind = 'announcements' | 'lines' | 'big-lines' | 'half-open';

export type NodeRequest =
	| {readonly type: 'start'; readonly nick: string; readonly bootstrap?: number}
	/** Wait (up to `timeoutMs`) until a peer of this nick is online. */
	| {
			readonly type: 'await-online';
			readonly nick: string;
			readonly timeoutMs: number;
	  }
	/** Alice: answer `ping` lines from this fingerprint with `pong`, timing them one way. */
	| {readonly type: 'answer'; readonly fingerprint: string}
	/** Bob: ping alice every `everyMs` for `count` lines; wait up to `graceMs` for the last pongs. */
	| {
			readonly type: 'ping';
			readonly phase: string;
			readonly count: number;
			readonly everyMs: number;
			readonly graceMs: number;
	  }
	/** Alice: the one-way latencies of this phase's pings. */
	| {readonly type: 'one-way'; readonly phase: string}
	/** Bob: dial alice again, as a user's `/connect` would. */
	| {readonly type: 'connect'; readonly port: number}
	| {readonly type: 'stats'}
	/** Diagnosis: heap snapshots, allocation profiles (bench/memory-diagnosis.ts). */
	| DiagnosisRequest
	| {readonly type: 'stop'};

export type StartReply = {
	readonly port: number;
	readonly fingerprint: string;
	/** Hex. */
	readonly publicKey: string;
};

export type OnlineReply = {
	readonly online: boolean;
	/** How long it took (or the whole timeout). */
	readonly waitedMs: number;
};

export type NodeStatsReply = {
	readonly counters: ChatCounters;
	readonly framesReceived: RuntimeStats['framesReceived'];
	readonly linesDelivered: number;
	readonly logEntries: number;
	/** Native peers in the sidebar by state (made-up ones included). */
	readonly peers: Readonly<Record<string, number>>;
	/**
	 * MB: V8's heap in use, memory outside it (`external`, which includes
	 * `arrayBuffers`: Buffers and typed arrays), and the RSS Node reads.
	 */
	readonly heapMb: number;
	readonly externalMb: number;
	readonly arrayBuffersMb: number;
	readonly rssMb: number;
	/** MB V8 holds for its heap, used or not. */
	readonly heapTotalMb: number;
	/** Diagnosis (HOSTILE_MAPS=1): resident MB by kind of mapping. */
	readonly maps: Readonly<Record<string, number>>;
};

export type PingReply = {
	/** Round trips (bob to alice and back) in ms, in the order they came. */
	readonly rtts: number[];
	readonly sent: number;
	/** When the last ping was sent, ms after the first. */
	readonly spanMs: number;
};

export type OneWayReply = {
	/** Bob to alice in ms, on the machine's monotonic clock. */
	readonly latencies: number[];
};

export type AttackRequest =
	| {
			readonly type: 'prepare';
			readonly attack: AttackKind;
			/** Alice's port, and her key (hex): the attacker's own announcements name its link to her. */
			readonly port: number;
			readonly aliceKey: string;
			readonly durationMs: number;
	  }
	| {readonly type: 'go'}
	| {readonly type: 'exit'};

export type PrepareReply = {
	/** Frames signed and encoded ahead (0 for half-open). */
	readonly prepared: number;
	readonly prepareMs: number;
};

export type AttackReply = {
	/** Frames written to the link, or connections opened. */
	readonly sent: number;
	readonly bytes: number;
	readonly elapsedMs: number;
	/** The target rate (per second), or undefined for as fast as alice reads. */
	readonly targetRate: number | undefined;
	/** Whether alice closed the attacker's link before the phase ended. */
	readonly linkClosed: boolean;
	/** Connections alice closed (half-open phase). */
	readonly closedByNode: number;
	/** Ms spent waiting for alice to read (backpressure). */
	readonly blockedMs: number;
};

type Envelope = {readonly id: number; readonly body: unknown};
type Answer = {
	readonly id: number;
	readonly body?: unknown;
	readonly error?: string;
};

let nextId = 1;

/** Send `body` to `child` and resolve with its answer (rejects after `timeoutMs`). */
export async function request<T>(
	child: ChildProcess,
	body: NodeRequest | AttackRequest,
	timeoutMs = 30_000,
): Promise<T> {
	const id = nextId++;
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.off('message', onMessage);
			reject(
				new Error(`bench: no answer to ${body.type} within ${timeoutMs} ms`),
			);
		}, timeoutMs);
		const onMessage = (message: Answer) => {
			if (message.id !== id) return;
			clearTimeout(timer);
			child.off('message', onMessage);
			// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the child answers this request's type
			if (message.error === undefined) resolve(message.body as T);
			else reject(new Error(`bench child: ${message.error}`));
		};

		child.on('message', onMessage);
		child.send({id, body} satisfies Envelope);
	});
}

/** In a child: answer each request with `handle`'s result (or its error). */
export function serve<R extends {readonly type: string}>(
	handle: (request: R) => Promise<unknown>,
): void {
	process.on('message', (message: {id: number; body: R}) => {
		const reply = (answer: Answer) => {
			process.send?.(answer);
		};

		handle(message.body).then(
			(body) => {
				reply({id: message.id, body});
			},
			(error: unknown) => {
				reply({id: message.id, error: String(error)});
			},
		);
	});
	// The parent went away (or was killed): nothing left to do.
	process.on('disconnect', () => {
		process.exit(0);
	});
}
