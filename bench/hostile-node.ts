/**
 * One honest node of the hostile bench (bench/hostile.ts), in a process of
 * its own so that its RSS is its own and an attacker's CPU is not its
 * event loop's. Made with the public API (createNode), default limits.
 * Alice answers bob's `ping` lines with `pong`; bob pings and times the
 * round trips. Each ping carries the sender's monotonic clock (shared by
 * every process of the machine), so alice also times it one way.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {createNode, type ChatEntry, type ChatNode} from '../source/index.js';
import {boundHeapGrowth} from '../source/heap-growth.js';
import {
	serve,
	type NodeRequest,
	type NodeStatsReply,
	type OneWayReply,
	type OnlineReply,
	type PingReply,
	type StartReply,
} from './hostile-ipc.js';
import {AllocationSampler, residentMaps} from './memory-diagnosis.js';

let node: ChatNode | undefined;
/** Diagnosis: the allocation sampler (HOSTILE_ALLOC). */
const allocations = new AllocationSampler();
/** The node's history, removed when it stops. */
let dataDir: string | undefined;
/** Alice: one-way latencies by phase. */
const oneWay = new Map<string, number[]>();

function nowMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

async function pause(ms: number): Promise<void> {
	await new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

function started(): ChatNode {
	if (!node) throw new Error('node not started');
	return node;
}

/** `ping <phase> <n> <ms>` or `pong ...`, split. */
function parse(
	text: string,
): {kind: string; phase: string; index: number; at: number} | undefined {
	const [kind, phase, index, at] = text.split(' ');
	if (kind === undefined || phase === undefined) return undefined;
	if (index === undefined || at === undefined) return undefined;
	return {kind, phase, index: Number(index), at: Number(at)};
}

function fromFingerprint(entry: ChatEntry, fingerprint: string): boolean {
	return (
		entry.kind === 'chat' &&
		entry.source.type === 'native' &&
		entry.source.fingerprint === fingerprint
	);
}

function answerPings(alice: ChatNode, fingerprint: string): void {
	alice.on('entry', (entry) => {
		if (!fromFingerprint(entry, fingerprint) || entry.kind !== 'chat') return;
		const ping = parse(entry.text);
		if (ping?.kind !== 'ping') return;
		let latencies = oneWay.get(ping.phase);
		if (!latencies) {
			latencies = [];
			oneWay.set(ping.phase, latencies);
		}

		latencies.push(nowMs() - ping.at);
		alice
			.send(`pong ${ping.phase} ${ping.index} ${ping.at}`)
			.catch(() => undefined);
	});
}

async function ping(
	bob: ChatNode,
	{
		phase,
		count,
		everyMs,
		graceMs,
	}: {phase: string; count: number; everyMs: number; graceMs: number},
): Promise<PingReply> {
	const rtts: number[] = [];
	const waiting = new Set<number>();
	const listener = (entry: ChatEntry) => {
		if (entry.kind !== 'chat') return;
		const pong = parse(entry.text);
		if (pong?.kind !== 'pong' || pong.phase !== phase) return;
		if (!waiting.delete(pong.index)) return;
		rtts.push(nowMs() - pong.at);
	};

	bob.on('entry', listener);
	const start = nowMs();
	let last = start;
	for (let index = 0; index < count; index++) {
		// On a fixed schedule: a late turn of the event loop does not stretch the phase.
		const wait = start + index * everyMs - nowMs();
		// eslint-disable-next-line no-await-in-loop -- one ping per interval
		if (wait > 0) await pause(wait);
		waiting.add(index);
		last = nowMs();
		bob.send(`ping ${phase} ${index} ${last}`).catch(() => undefined);
	}

	const graceEnd = nowMs() + graceMs;
	for (let poll = 0; poll < graceMs / 10 + 1; poll++) {
		if (waiting.size === 0 || nowMs() > graceEnd) break;
		// eslint-disable-next-line no-await-in-loop -- bounded by graceMs
		await pause(10);
	}

	bob.off('entry', listener);
	return {rtts, sent: count, spanMs: last - start};
}

/** This process's memory, in MB, for a stats reply. */
function memoryStats(): Pick<
	NodeStatsReply,
	'heapMb' | 'externalMb' | 'arrayBuffersMb' | 'rssMb' | 'heapTotalMb' | 'maps'
> {
	// HOSTILE_GC=1 (a diagnosis, not the default: real nodes get no forced
	// collection): the heap measured is what is still reachable.
	if (process.env['HOSTILE_GC'] === '1') globalThis.gc?.();
	const memory = process.memoryUsage();
	const mib = 1024 * 1024;
	return {
		heapMb: memory.heapUsed / mib,
		// `external` already counts `arrayBuffers`.
		externalMb: memory.external / mib,
		arrayBuffersMb: memory.arrayBuffers / mib,
		rssMb: memory.rss / mib,
		heapTotalMb: memory.heapTotal / mib,
		maps: process.env['HOSTILE_MAPS'] === '1' ? residentMaps() : {},
	};
}

async function handle(request: NodeRequest): Promise<unknown> {
	switch (request.type) {
		case 'start': {
			// The heap bounded as a headless CLI node bounds it (runHeadless).
			boundHeapGrowth('headless');
			// A history, as the CLI keeps by default: with it the node
			// catches up, broadcasts by Plumtree and refreshes by digest.
			dataDir = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-hostile-'));
			node = createNode({
				nick: request.nick,
				host: '127.0.0.1',
				dataDir,
				// HOSTILE_HISTORY=0 (a diagnosis): without one, to weigh what it costs.
				history: process.env['HOSTILE_HISTORY'] !== '0',
				bootstrap:
					request.bootstrap === undefined
						? []
						: [{host: '127.0.0.1', port: request.bootstrap}],
			});
			const {port} = await node.start();
			const {identity} = node.snapshot();
			return {
				port,
				fingerprint: identity.fingerprint,
				publicKey: identity.publicKey,
			} satisfies StartReply;
		}

		case 'await-online': {
			const self = started();
			const start = nowMs();
			const online = () =>
				self
					.snapshot()
					.hosts.some(
						(host) =>
							host.kind === 'peer' &&
							host.nick === request.nick &&
							host.state === 'online',
					);
			for (let poll = 0; poll < request.timeoutMs / 10 + 1; poll++) {
				if (online()) return {online: true, waitedMs: nowMs() - start};
				if (nowMs() - start > request.timeoutMs) break;
				// eslint-disable-next-line no-await-in-loop -- polling, bounded by the timeout
				await pause(10);
			}

			return {
				online: online(),
				waitedMs: nowMs() - start,
			} satisfies OnlineReply;
		}

		case 'answer': {
			answerPings(started(), request.fingerprint);
			return {};
		}

		case 'ping': {
			return ping(started(), request);
		}

		case 'one-way': {
			const latencies = oneWay.get(request.phase) ?? [];
			oneWay.delete(request.phase);
			return {latencies} satisfies OneWayReply;
		}

		case 'connect': {
			await started()
				.connect(`127.0.0.1:${request.port}`)
				.catch(() => undefined);
			return {};
		}

		case 'stats': {
			const self = started();
			const stats = self.stats();
			const snapshot = self.snapshot();
			const peers: Record<string, number> = {};
			for (const host of snapshot.hosts) {
				if (host.kind === 'peer')
					peers[host.state] = (peers[host.state] ?? 0) + 1;
			}

			return {
				peers,
				...memoryStats(),
				counters: stats.counters,
				framesReceived: stats.framesReceived,
				linesDelivered: stats.linesDelivered,
				logEntries: snapshot.entries.length,
			} satisfies NodeStatsReply;
		}

		case 'alloc-start':
		case 'alloc-stop':
		case 'heap-snapshot': {
			return allocations.handle(request);
		}

		case 'stop': {
			await node?.stop();
			if (dataDir !== undefined)
				rmSync(dataDir, {recursive: true, force: true});
			// Nothing is left open: the process ends once the channel closes.
			setTimeout(() => {
				process.disconnect();
			}, 50);
			return {};
		}
	}
}

serve(handle);
