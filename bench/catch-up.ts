/**
 * `npm run bench`, catch-up (issue 11): two nodes with histories on
 * loopback. (1) Alice holds 10,000 signed lines bob never saw; bob starts,
 * links, and catches up: the time from bob's start to the last line shown,
 * and the bytes of SYNC frames each side sent. (2) Bob starts again, now in
 * sync: the SYNC bytes each side sends when the link comes up. While bob
 * catches up, how long the event loop was held at once (both nodes run in
 * this process: checks, history commits of up to 256 lines, frames), as a
 * user would feel it in typing or in other links. Three runs,
 * medians. Prints a table and writes bench/reports/catch-up-<date>.md.
 * Every wait is bounded in time.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import process from 'node:process';
import {createNode, newKeyPair, type ChatNode} from '../source/index.js';
import type {KeyPair} from '../source/node/identity.js';
import {Signer} from '../source/node/signing.js';
import {HistoryStore} from '../source/node/store/history-store.js';
import {storedOwn} from '../source/service/history.js';

const missed = 10_000;
const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const deadlineMs = 60_000;

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + deadlineMs;
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`bench: timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop -- polling, bounded by the deadline
		await new Promise((resolve) => {
			setTimeout(resolve, 2);
		});
	}
}

/** A store holding `count` lines alice wrote in the last minutes. */
function fill(folder: string, keyPair: KeyPair, count: number): void {
	const signer = new Signer(keyPair);
	const start = Date.now() - count - 60_000;
	const store = HistoryStore.open(folder);
	store.addAll(
		Array.from({length: count}, (_, index) =>
			storedOwn(
				signer.sign({
					nick: 'alice',
					timestamp: start + index,
					seq: start + index,
					text: `line ${index} ${'x'.repeat(100)}`,
				}),
				start + index,
			),
		),
	);
	store.close();
}

async function start(
	nick: string,
	folder: string,
	keyPair: KeyPair,
	bootstrapPort?: number,
): Promise<{node: ChatNode; port: number}> {
	const node = createNode({
		host: '127.0.0.1',
		nick,
		keyPair,
		dataDir: folder,
		history: true,
		historyLimit: missed * 2,
		bootstrap: bootstrapPort ? [{host: '127.0.0.1', port: bootstrapPort}] : [],
	});
	const {port} = await node.start();
	return {node, port};
}

type Run = {
	catchUpMs: number;
	/** Event-loop delay while catching up, ms: the longest, and the 99th percentile. */
	heldMs: {max: number; p99: number};
	catchUpBytes: {alice: number; bob: number};
	inSyncBytes: {alice: number; bob: number};
	inSyncFrames: number;
};

async function run(): Promise<Run> {
	const temporary = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-bench-'));
	const aliceKey = newKeyPair();
	const bobKey = newKeyPair();
	const aliceFolder = path.join(temporary, 'alice');
	const bobFolder = path.join(temporary, 'bob');
	mkdirSync(aliceFolder);
	mkdirSync(bobFolder);
	fill(aliceFolder, aliceKey, missed);
	const alice = await start('alice', aliceFolder, aliceKey);
	try {
		const began = performance.now();
		const loop = monitorEventLoopDelay({resolution: 5});
		loop.enable();
		let bob = await start('bob', bobFolder, bobKey, alice.port);
		let caught = 0;
		bob.node.on('entry', (entry) => {
			if (entry.kind === 'chat' && entry.caughtUp) caught++;
		});
		await until(() => caught >= missed, 'bob to catch up');
		const catchUpMs = performance.now() - began;
		loop.disable();
		const heldMs = {max: loop.max / 1e6, p99: loop.percentile(99) / 1e6};
		const catchUpBytes = {
			alice: alice.node.stats().catchUp.syncBytesSent,
			bob: bob.node.stats().catchUp.syncBytesSent,
		};
		await bob.node.stop();

		// In sync now: what does linking again cost?
		const aliceBefore = alice.node.stats().catchUp;
		bob = await start('bob', bobFolder, bobKey, alice.port);
		await until(
			() => bob.node.snapshot().hosts.some((host) => host.state === 'online'),
			'bob to link again',
		);
		// Long enough for any sync round to finish (a few round trips on loopback).
		await new Promise((resolve) => {
			setTimeout(resolve, 1000);
		});
		const aliceAfter = alice.node.stats().catchUp;
		const bobAfter = bob.node.stats().catchUp;
		await bob.node.stop();
		return {
			catchUpMs,
			heldMs,
			catchUpBytes,
			inSyncBytes: {
				alice: aliceAfter.syncBytesSent - aliceBefore.syncBytesSent,
				bob: bobAfter.syncBytesSent,
			},
			inSyncFrames:
				aliceAfter.syncsSent - aliceBefore.syncsSent + bobAfter.syncsSent,
		};
	} finally {
		await alice.node.stop();
		rmSync(temporary, {recursive: true, force: true});
	}
}

const results: Run[] = [];
for (let index = 0; index < runs; index++) {
	// eslint-disable-next-line no-await-in-loop -- runs one after another, not side by side
	results.push(await run());
}

function median(values: number[]): number {
	const sorted = values.toSorted((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const all = (pick: (run: Run) => number) =>
	`${median(results.map((run) => pick(run)))} (runs: ${results.map((run) => pick(run)).join(', ')})`;
const rows: Array<[string, string]> = [
	[
		`catch-up of ${missed.toLocaleString('en')} missed lines, start to last shown (ms)`,
		all((run) => Math.round(run.catchUpMs)),
	],
	[
		'  event loop held while catching up, longest (ms; both nodes, one process)',
		all((run) => Math.round(run.heldMs.max)),
	],
	[
		'  event loop delay while catching up, p99 (ms)',
		all((run) => Math.round(run.heldMs.p99)),
	],
	[
		'  SYNC bytes sent by the node that had them',
		all((run) => run.catchUpBytes.alice),
	],
	[
		'  SYNC bytes sent by the node catching up',
		all((run) => run.catchUpBytes.bob),
	],
	[
		'in sync, on link-up: SYNC frames (both ways)',
		all((run) => run.inSyncFrames),
	],
	[
		'  SYNC bytes, opener to the other',
		all((run) => Math.max(run.inSyncBytes.alice, run.inSyncBytes.bob)),
	],
	[
		'  SYNC bytes, the other back',
		all((run) => Math.min(run.inSyncBytes.alice, run.inSyncBytes.bob)),
	],
];

const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(
	`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`,
);
const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const file = path.join(reportDirectory, `catch-up-${stamp}.md`);
writeFileSync(
	file,
	[
		`# Catch-up benchmark, ${new Date().toISOString()}`,
		'',
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, loopback, TCP. Lines of about 110 bytes; medians of ${runs} runs.`,
		'',
		'| measure | result |',
		'| --- | --- |',
		...rows.map(([name, value]) => `| ${name.trim()} | ${value} |`),
		'',
	].join('\n'),
);
process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
