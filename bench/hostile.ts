/**
 * `npm run bench`, hostile section: what an attacker on the same machine
 * costs two honest nodes. Alice and bob are linked; mallory links to alice
 * and, one phase at a time, floods her with announcements (vouching for 300
 * made-up peers), with signed lines of her own, and with half-open
 * connections (one-byte sockets and bare native openings). Meanwhile bob
 * sends alice a line every 20 ms; the table gives bob-to-alice latency
 * (p50 / p99), lines lost, this process's RSS at the end of each phase
 * (all three nodes run in it), and how much mallory sent (frames, or
 * connections opened). Loopback only; every loop is bounded in count
 * and time.
 */
import {Buffer} from 'node:buffer';
import {mkdirSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import {createNode, newKeyPair, type ChatNode} from '../source/index.js';
import {Signer} from '../source/node/signing.js';
import {encodeFrame, nativeOpening} from '../source/protocol/native-frames.js';
import {asIp} from '../test/helpers/ip.js';
import {
	rawNativePeer,
	type RawNativePeer,
} from '../test/helpers/native-peer.js';

const phaseMs = 3000;
const pingEveryMs = 20;
const deadlineMs = 30_000;

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + deadlineMs;
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`bench: timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop -- polling, bounded by the deadline
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

async function pause(ms: number): Promise<void> {
	await new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

function percentile(sorted: readonly number[], p: number): number {
	return (
		sorted[
			Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
		] ?? Number.NaN
	);
}

/** Bob pings alice every 20 ms for a phase; latency of each line, and how many never came. */
async function measure(
	alice: ChatNode,
	bob: ChatNode,
	phase: string,
	attack: () => Promise<number>,
): Promise<{latencies: number[]; lost: number; sent: number}> {
	const sentAt = new Map<string, number>();
	const latencies: number[] = [];
	const listener = (entry: {kind: string; text?: string}) => {
		if (entry.kind !== 'chat' || entry.text === undefined) return;
		const at = sentAt.get(entry.text);
		if (at !== undefined) {
			latencies.push(performance.now() - at);
			sentAt.delete(entry.text);
		}
	};

	alice.on('entry', listener);
	const running = attack();
	const pings = Math.floor(phaseMs / pingEveryMs);
	for (let index = 0; index < pings; index++) {
		const text = `${phase} ping ${index}`;
		sentAt.set(text, performance.now());
		// eslint-disable-next-line no-await-in-loop -- one ping per interval
		await bob.send(text);
		// eslint-disable-next-line no-await-in-loop -- the interval
		await pause(pingEveryMs);
	}

	const sent = await running;
	// The last pings get a second to arrive.
	await until(
		() => sentAt.size === 0 || latencies.length >= pings,
		'pings',
	).catch(() => undefined);
	await pause(1000);
	alice.off('entry', listener);
	return {
		latencies: latencies.toSorted((a, b) => a - b),
		lost: sentAt.size,
		sent,
	};
}

/** Announcements: mallory vouches for 300 made-up peers, then re-announces for the whole phase. */
async function announcementFlood(mallory: RawNativePeer): Promise<number> {
	const sybils = Array.from({length: 300}, () => new Signer(newKeyPair()));
	let version = Date.now();
	const announce = (
		signer: Signer,
		links: Array<{key: Uint8Array; ip: ReturnType<typeof asIp>; port: number}>,
	) =>
		encodeFrame({
			type: 'announce',
			announcement: signer.signAnnouncement({
				version: version++,
				nick: 'sybil',
				leaving: false,
				links,
				legacy: [],
			}),
		});
	const back = [
		{key: mallory.keyPair.publicKey, ip: asIp('127.0.0.1'), port: 9},
	];
	for (const sybil of sybils) mallory.write(announce(sybil, back));
	const end = performance.now() + phaseMs;
	let round = 0;
	while (performance.now() < end && round < 100_000) {
		const start = (round * 32) % 268;
		const links = sybils.slice(start, start + 32).map((sybil, index) => ({
			key: sybil.publicKey,
			ip: asIp('127.0.0.1'),
			port: 20_000 + start + index,
		}));
		mallory.write(announce(mallory.signer, links));
		round++;
		// About 1000 a second, as the finding measured.
		// eslint-disable-next-line no-await-in-loop -- pacing
		if (round % 10 === 0) await pause(10);
	}

	return round;
}

/** Signed lines of mallory's own, about 7000 a second, 32 KiB each in bursts. */
async function lineFlood(mallory: RawNativePeer): Promise<number> {
	const end = performance.now() + phaseMs;
	let seq = Date.now();
	const text = 'x'.repeat(1024);
	let count = 0;
	while (performance.now() < end && count < 100_000) {
		const now = Date.now();
		seq = Math.max(seq + 1, now);
		mallory.sendChat(
			mallory.signer.sign({nick: 'mallory', timestamp: now, seq, text}),
		);
		count++;
		// eslint-disable-next-line no-await-in-loop -- pacing
		if (count % 70 === 0) await pause(10);
	}

	return count;
}

/** 80 one-byte sockets and 140 bare native openings, reopened as they are closed. */
async function halfOpenFlood(port: number): Promise<number> {
	const end = performance.now() + phaseMs;
	const open = new Set<net.Socket>();
	let made = 0;
	const openOne = (bytes: Uint8Array) => {
		if (performance.now() > end || made > 5000) return;
		made++;
		const socket = net.connect({host: '127.0.0.1', port}, () => {
			socket.write(bytes);
		});
		open.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => {
			open.delete(socket);
			openOne(bytes);
		});
	};

	for (let index = 0; index < 80; index++) openOne(Buffer.from('P'));
	for (let index = 0; index < 140; index++) openOne(nativeOpening);
	await pause(phaseMs);
	for (const socket of open) socket.destroy();
	return made;
}

/** Link to alice as mallory, run `flood`, hang up; what the flood sent. */
async function asMallory(
	port: number,
	flood: (mallory: RawNativePeer) => Promise<number>,
): Promise<number> {
	const mallory = await rawNativePeer(port, {nick: 'mallory'});
	try {
		return await flood(mallory);
	} finally {
		mallory.destroy();
	}
}

async function main(): Promise<string[][]> {
	const alice = createNode({
		nick: 'alice',
		host: '127.0.0.1',
		historyLimit: 5000,
	});
	const {port} = await alice.start();
	const bob = createNode({
		nick: 'bob',
		host: '127.0.0.1',
		bootstrap: [{host: '127.0.0.1', port}],
	});
	await bob.start();
	await until(
		() =>
			bob
				.snapshot()
				.hosts.some(
					(host) =>
						host.kind === 'peer' &&
						host.nick === 'alice' &&
						host.state === 'online',
				),
		'bob linked to alice',
	);
	const rows: string[][] = [];
	const phases: Array<[string, () => Promise<number>]> = [
		[
			'quiet (no attacker)',
			async () => {
				await pause(phaseMs);
				return 0;
			},
		],
		[
			'announcement flood (300 sybils)',
			async () => asMallory(port, announcementFlood),
		],
		['signed-line flood (1 KiB lines)', async () => asMallory(port, lineFlood)],
		[
			'half-open connections (80 one-byte, 140 openings, reopened)',
			async () => halfOpenFlood(port),
		],
	];
	for (const [phase, attack] of phases) {
		// eslint-disable-next-line no-await-in-loop -- one phase at a time
		const {latencies, lost, sent} = await measure(alice, bob, phase, attack);
		const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
		rows.push([
			phase,
			`p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, lost ${lost} of ${latencies.length + lost}, RSS ${rss} MB; mallory sent ${sent} (${Math.round(sent / (phaseMs / 1000))}/s)`,
		]);
	}

	await Promise.all([alice.stop(), bob.stop()]);
	return rows;
}

const rows = await main();
const width = Math.max(...rows.map(([what]) => what?.length ?? 0));
process.stdout.write(
	`${rows.map(([what, value]) => `hostile: ${(what ?? '').padEnd(width)}  ${value}`).join('\n')}\n`,
);
const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(/[:.]/gv, '-');
writeFileSync(
	path.join(reportDirectory, `hostile-${stamp}.md`),
	[
		`# Hostile benchmark, ${new Date().toISOString()}`,
		'',
		`Node ${process.version}, ${process.platform}/${process.arch}. Bob sends alice a line every ${pingEveryMs} ms for ${phaseMs / 1000} s per phase while mallory attacks alice; all three nodes in one process.`,
		'',
		'| phase | bob to alice |',
		'| --- | --- |',
		...rows.map(([what, value]) => `| ${what} | ${value} |`),
		'',
	].join('\n'),
);
