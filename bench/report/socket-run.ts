/**
 * One load on a real mesh: `rate` lines a second of 1 KiB from random
 * nodes for `seconds`, then wait (bounded) until every node delivered every
 * line. Measured as in issue 13: delivery share; dissemination = time from
 * publish until the last node delivered the line (mean and p99 over lines);
 * RMR = payload frames received / (lines × (N - 1)) - 1, counted before
 * de-duplication; CPU of this whole process (`process.cpuUsage`, all nodes
 * and the harness) over the publishing phase per payload reception and per
 * delivered line; the event loop's delay p99 (`monitorEventLoopDelay`).
 */
import os from 'node:os';
import process from 'node:process';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import type {ChatEntry, ChatNode, NodeStats} from '../../source/index.js';
import {mean, percentile} from './numbers.js';
import {until} from './socket-mesh.js';
import {controlFrames, payloadFrames} from './strategy.js';

export type SocketLoad = {readonly rate: number; readonly seconds: number};

export type SocketResult = SocketLoad & {
	readonly nodes: number;
	readonly lines: number;
	readonly delivered: number;
	readonly meanMs: number;
	readonly p99Ms: number;
	readonly rmr: number;
	readonly controlPerLine: number;
	/** Membership frames (announcements, digests, wants) all nodes received per second of the run (background work). */
	readonly announcementsPerSecond: number;
	readonly cpuPerReceptionMs: number;
	readonly cpuPerDeliveredMs: number;
	readonly loopDelayP99Ms: number;
	/** The machine's 1-minute load average as the load ended (others run here too). */
	readonly machineLoad: number;
};

const lineBytes = 1024;
/** After the last line is published, how long every node may take to deliver all. */
const drainMs = 30_000;

function lineText(index: number): string {
	const head = `L${index} `;
	return head + 'x'.repeat(lineBytes - head.length);
}

function sums(stats: readonly NodeStats[]) {
	let payload = 0;
	let control = 0;
	let delivered = 0;
	let announce = 0;
	for (const one of stats) {
		const frames = Object.entries(one.framesReceived);
		payload += payloadFrames(frames);
		control += controlFrames(frames);
		delivered += one.linesDelivered;
		const byKind = new Map<string, number>(Object.entries(one.framesReceived));
		for (const kind of ['announce', 'digest', 'want']) {
			announce += byKind.get(kind) ?? 0;
		}
	}

	return {payload, control, delivered, announce};
}

async function sleepUntil(time: number): Promise<void> {
	const wait = time - performance.now();
	if (wait <= 0) return;
	await new Promise((resolve) => {
		setTimeout(resolve, wait);
	});
}

/** Run `load` on `nodes`; authors drawn with `random`. */
export async function runLoad(
	nodes: readonly ChatNode[],
	load: SocketLoad,
	random: () => number,
): Promise<SocketResult> {
	const lines = Math.max(1, Math.round(load.rate * load.seconds));
	const publishedAt: number[] = [];
	const deliveries = Array.from({length: lines}, () => 0);
	const lastAt = Array.from({length: lines}, () => 0);
	const listener = (entry: ChatEntry) => {
		if (entry.kind !== 'chat' || !entry.text.startsWith('L')) return;
		const index = Number.parseInt(entry.text.slice(1), 10);
		if (!(index >= 0 && index < lines)) return;
		deliveries[index]!++;
		lastAt[index] = performance.now();
	};

	for (const node of nodes) node.on('entry', listener);
	const before = sums(nodes.map((node) => node.stats()));
	const loop = monitorEventLoopDelay({resolution: 5});
	loop.enable();
	const cpuBefore = process.cpuUsage();
	const start = performance.now();
	for (let index = 0; index < lines; index++) {
		// eslint-disable-next-line no-await-in-loop -- paced publishing
		await sleepUntil(start + (index * 1000) / load.rate);
		const author = nodes[Math.floor(random() * nodes.length)]!;
		publishedAt[index] = performance.now();
		// Not awaited: it resolves when the author's links acknowledged it.
		void author.send(lineText(index));
	}

	const others = nodes.length - 1;
	await until(
		() => deliveries.every((count) => count === others),
		'every line at every node',
		drainMs,
		5,
	).catch(() => {
		// Measured as it stands: the delivery share shows what was missing.
	});
	const cpu = process.cpuUsage(cpuBefore);
	const seconds = (performance.now() - start) / 1000;
	loop.disable();
	for (const node of nodes) node.off('entry', listener);
	const after = sums(nodes.map((node) => node.stats()));
	const cpuMs = (cpu.user + cpu.system) / 1000;
	const payload = after.payload - before.payload;
	const spread = publishedAt.flatMap((at, index) =>
		deliveries[index]! > 0 ? [lastAt[index]! - at] : [],
	);
	return {
		...load,
		nodes: nodes.length,
		lines,
		delivered:
			deliveries.reduce((sum, count) => sum + count, 0) / (lines * others),
		meanMs: mean(spread),
		p99Ms: percentile(spread, 99),
		rmr: payload / (lines * others) - 1,
		controlPerLine: (after.control - before.control) / lines,
		announcementsPerSecond: (after.announce - before.announce) / seconds,
		cpuPerReceptionMs: cpuMs / payload,
		cpuPerDeliveredMs: cpuMs / (after.delivered - before.delivered),
		loopDelayP99Ms: loop.percentile(99) / 1e6,
		machineLoad: os.loadavg()[0] ?? Number.NaN,
	};
}
