/**
 * What the protocol inspector costs (issue 12, item 6: "costs nothing when
 * closed"): signed lines per second over one TCP link between two real
 * nodes on loopback (as `links.ts` measures them), with the receiver's
 * inspector closed, and open with a viewer that does the pane's work on
 * every change (read the snapshot, pick the rows that fit, format them).
 * Each run also takes the CPU time per line of both nodes (one process),
 * which a busy machine shifts less than the wall clock. After one run
 * not counted (the JIT warms up on it), runs alternate, closed and open,
 * so a busy machine slows both alike; the medians are printed and
 * written to bench/reports/inspector-<date>.md.
 *
 * `--closed-only` measures the closed case alone, without touching the
 * inspector: run it from a checkout of the code before the inspector to
 * compare the two.
 *
 * Usage: node --import tsx bench/inspector.ts [--closed-only] [--rounds N] [--messages N]
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {newKeyPair} from '../source/node/identity.js';
import {ChatService} from '../source/service/chat-service.js';
import type {TappedFrame} from '../source/node/frame-tap.js';

function argument(name: string, fallback: number): number {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const closedOnly = process.argv.includes('--closed-only');
const rounds = argument('--rounds', 5);
const messages = argument('--messages', 10_000);
const deadlineMs = 120_000;

async function node(nick: string, bootstrapPort?: number) {
	const service = new ChatService({
		port: 0,
		host: '127.0.0.1',
		nick,
		keyPair: newKeyPair(),
		historyLimit: messages * 2,
		queueLimit: messages * 2,
		bootstrap: bootstrapPort ? [{host: '127.0.0.1', port: bootstrapPort}] : [],
	});
	await service.start();
	return {service, port: service.getSnapshot().listening!.port};
}

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + deadlineMs;
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`bench: timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

/** The pane's work on each change, without Ink: the rows that fit, as text. */
async function watch(service: ChatService): Promise<() => void> {
	const {frameLine} = await import('../source/view/frame-columns.js');
	const {newestMatching} = await import('../source/view/frame-filter.js');
	const {inspector} = service;
	const stop = inspector.watchFrames();
	let cells = 0;
	const unsubscribe = inspector.subscribe(() => {
		const {frames} = inspector.getSnapshot();
		for (const row of newestMatching(frames, '', 40)) {
			cells += frameLine(row).length;
		}
	});
	return () => {
		unsubscribe();
		stop();
		if (cells === 0) throw new Error('bench: the viewer saw nothing');
	};
}

type Run = {
	/** Lines per second, wall clock (what a busy machine shifts most). */
	readonly rate: number;
	/** CPU time per line, both nodes (this process), in microseconds. */
	readonly cpu: number;
};

/** Lines from b to a over their one link; `open`: a's inspector watched. */
async function measure(open: boolean): Promise<Run> {
	const a = await node('a');
	const b = await node('b', a.port);
	await until(
		() => a.service.getSnapshot().hosts[0]?.state === 'online',
		'the link',
	);
	const stop = open ? await watch(a.service) : undefined;
	const received = () => a.service.getSnapshot().counters.received;
	const start = performance.now();
	const cpuStart = process.cpuUsage();
	const sends: Array<Promise<unknown>> = [];
	for (let i = 0; i < messages; i++) {
		sends.push(b.service.send(`message ${i} ${'x'.repeat(40)}`));
	}

	await Promise.all(sends);
	await until(() => received() === messages, 'every message');
	const seconds = (performance.now() - start) / 1000;
	const cpu = process.cpuUsage(cpuStart);
	stop?.();
	await Promise.all([a.service.stop(), b.service.stop()]);
	return {rate: messages / seconds, cpu: (cpu.user + cpu.system) / messages};
}

function median(values: number[]): number {
	const sorted = values.toSorted((x, y) => x - y);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? sorted[middle]!
		: (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const closed: Run[] = [];
const open: Run[] = [];
// A first run, not counted: the JIT warms up on it, not on the first measured.
await measure(false);
for (let round = 0; round < rounds; round++) {
	// Alternate which goes first, so neither always runs on a warmer process.
	const order = closedOnly
		? [false]
		: round % 2 === 0
			? [false, true]
			: [true, false];
	for (const watched of order) {
		// eslint-disable-next-line no-await-in-loop
		const run = await measure(watched);
		(watched ? open : closed).push(run);
		process.stdout.write(
			`round ${round + 1}: inspector ${watched ? 'open  ' : 'closed'} ${run.rate.toFixed(0)} msg/s, ${run.cpu.toFixed(1)} µs CPU/line\n`,
		);
	}
}

const format = (runs: Run[]) => {
	const rates = runs.map((run) => run.rate);
	const cpus = runs.map((run) => run.cpu);
	return `${median(rates).toFixed(0)} msg/s (runs: ${rates.map((rate) => rate.toFixed(0)).join(', ')}); ${median(cpus).toFixed(1)} µs CPU per line (runs: ${cpus.map((cpu) => cpu.toFixed(1)).join(', ')})`;
};

const rows: Array<[string, string]> = [
	[
		`${messages} lines over one link, inspector closed, median of ${rounds}`,
		format(closed),
	],
];
if (!closedOnly) {
	rows.push([
		`${messages} lines over one link, inspector open, median of ${rounds}`,
		format(open),
	]);
}

/**
 * What recording one frame costs while open, alone: the row made of a
 * tapped CHAT frame (labels, hops, verdict, preview), as `Inspector` makes
 * one per frame. Not run with `--closed-only` (old code has no rows).
 */
async function rowCost(): Promise<number> {
	const {frameRow} = await import('../source/service/frame-rows.js');
	const signing = await import('../source/node/signing.js');
	const {peerKeyOf} = await import('../source/protocol/peer-key.js');
	const {parseIp} = await import('../source/protocol/address.js');
	const ip = parseIp('127.0.0.1')!;
	const keyPair = newKeyPair();
	const key = peerKeyOf(keyPair.publicKey);
	const envelope = new signing.Signer(keyPair).sign({
		nick: 'bob',
		timestamp: Date.now(),
		seq: 1,
		text: `message 1 ${'x'.repeat(40)}`,
	});
	const hello = {
		type: 'hello',
		nick: 'bob',
		listenPort: 7002,
		proof: new Uint8Array(0),
		acks: true,
		sync: false,
	} as const;
	const tapped: TappedFrame = {
		at: Date.now(),
		direction: 'in',
		peer: {
			key,
			publicKey: keyPair.publicKey,
			hello,
			address: {ip, port: 7002},
		},
		ip,
		bytes: 140,
		frame: {type: 'chat', envelope},
		effects: [
			{type: 'deliver', id: 'x', from: key, message: {kind: 'chat', envelope}},
		],
		signatures: [true],
		closed: false,
	};
	const context = {
		self: peerKeyOf(newKeyPair().publicKey),
		label: (_key: string, nick: string | undefined) =>
			`${nick ?? '?'}·1a2b3c4d`,
		hops: () => 1,
	};
	const count = 100_000;
	const start = performance.now();
	for (let index = 0; index < count; index++) frameRow(index, tapped, context);
	return ((performance.now() - start) * 1000) / count;
}

if (!closedOnly) {
	const micros = await rowCost();
	rows.push([
		'recording one CHAT frame while open (its row), alone',
		`${micros.toFixed(2)} µs`,
	]);
}

const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(
	`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`,
);
const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const file = path.join(
	reportDirectory,
	`inspector-${closedOnly ? 'closed-' : ''}${stamp}.md`,
);
writeFileSync(
	file,
	[
		`# Inspector cost, ${new Date().toISOString()}`,
		'',
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, loopback, load ${os.loadavg()[0]!.toFixed(1)}.`,
		'',
		'| measure | result |',
		'| --- | --- |',
		...rows.map(([name, value]) => `| ${name} | ${value} |`),
		'',
	].join('\n'),
);
process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
