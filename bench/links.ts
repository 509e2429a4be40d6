/**
 * `npm run bench`: how fast the native dialect is on this machine, over
 * loopback only. Measures (1) the time from TCP connect to a ready native
 * link (Noise XX handshake + HELLOs), (2) signed messages per second over
 * one link, end to end through two real nodes (sign, frame, encrypt, send,
 * decrypt, verify, replay check, log), and (3) the seed's legacy format for
 * comparison (a TCP connection per message). Prints a table and writes
 * bench/reports/links-<date>.md. Every loop is bounded in count and time.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {createNode, newKeyPair, type ChatNode} from '../source/index.js';
// The handshake is timed on the link layer itself, below the API.
import {NativeLinks} from '../source/node/native-links.js';
import {asIp} from '../test/helpers/ip.js';

const handshakes = 200;
const messages = 20_000;
const legacyMessages = 2000;
const deadlineMs = 120_000;

async function node(nick: string, bootstrapPort?: number) {
	const service = createNode({
		host: '127.0.0.1',
		nick,
		historyLimit: messages * 2,
		queueLimit: messages * 2,
		bootstrap: bootstrapPort ? [{host: '127.0.0.1', port: bootstrapPort}] : [],
	});
	const {port} = await service.start();
	return {service, port};
}

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + deadlineMs;
	while (!check()) {
		if (performance.now() > deadline)
			throw new Error(`bench: timed out waiting for ${what}`);
		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

function percentile(sorted: number[], p: number): number {
	return sorted[
		Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
	]!;
}

async function measureHandshakes(port: number) {
	const links = new NativeLinks({
		keyPair: newKeyPair(),
		nick: () => 'bench',
		listenPort: () => 9,
		secret: undefined,
		catchUp: false,
		tree: false,
	});
	const times: number[] = [];
	for (let i = 0; i < handshakes; i++) {
		const start = performance.now();
		// eslint-disable-next-line no-await-in-loop
		const result = await links.dial(asIp('127.0.0.1'), port, 3000);
		if (result.kind !== 'native') throw new Error(`bench: dial ${result.kind}`);
		times.push(performance.now() - start);
		// eslint-disable-next-line no-await-in-loop
		await result.link.end();
	}

	return times.toSorted((a, b) => a - b);
}

const chatCount = (service: ChatNode) => service.snapshot().counters.received;

async function measureThroughput() {
	const a = await node('a');
	const b = await node('b', a.port);
	await until(
		() => a.service.snapshot().hosts[0]?.state === 'online',
		'the link',
	);
	const start = performance.now();
	const sends: Array<Promise<unknown>> = [];
	for (let i = 0; i < messages; i++)
		sends.push(b.service.send(`message ${i} ${'x'.repeat(40)}`));
	await Promise.all(sends);
	await until(() => chatCount(a.service) === messages, 'every message');
	const seconds = (performance.now() - start) / 1000;
	await Promise.all([a.service.stop(), b.service.stop()]);
	return seconds;
}

async function measureLegacy() {
	const a = await node('a');
	const b = await node('b');
	// Register B at A as a legacy host: a plain-text line with B's port.
	const net = await import('node:net');
	await new Promise<void>((resolve) => {
		const socket = net.connect({host: '127.0.0.1', port: a.port}, () => {
			socket.end(`${b.port}:hello`);
		});
		// Read the reply: a socket nobody reads from never sees the close.
		socket.resume();
		socket.on('close', () => {
			resolve();
		});
	});
	await until(
		() => a.service.snapshot().hosts[0]?.state === 'legacy',
		'legacy registration',
	);
	const start = performance.now();
	const sends: Array<Promise<unknown>> = [];
	for (let i = 0; i < legacyMessages; i++)
		sends.push(a.service.send(`legacy ${i}`));
	await Promise.all(sends);
	await until(
		() => chatCount(b.service) === legacyMessages,
		'every legacy message',
	);
	const seconds = (performance.now() - start) / 1000;
	await Promise.all([a.service.stop(), b.service.stop()]);
	return seconds;
}

const target = await node('target');
const times = await measureHandshakes(target.port);
await target.service.stop();
const nativeSeconds = await measureThroughput();
const legacySeconds = await measureLegacy();

const rows: Array<[string, string]> = [
	[
		`handshake, median of ${handshakes}`,
		`${percentile(times, 50).toFixed(2)} ms`,
	],
	[`handshake, p95`, `${percentile(times, 95).toFixed(2)} ms`],
	[`handshake, slowest`, `${times.at(-1)!.toFixed(2)} ms`],
	[
		`native: ${messages} signed messages over one link`,
		`${(messages / nativeSeconds).toFixed(0)} msg/s (${nativeSeconds.toFixed(2)} s)`,
	],
	[
		`legacy: ${legacyMessages} messages, a connection each`,
		`${(legacyMessages / legacySeconds).toFixed(0)} msg/s (${legacySeconds.toFixed(2)} s)`,
	],
];
const width = Math.max(...rows.map(([name]) => name.length));
const table = rows
	.map(([name, value]) => `${name.padEnd(width)}  ${value}`)
	.join('\n');
process.stdout.write(`${table}\n`);

const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const report = [
	`# Native link benchmark, ${new Date().toISOString()}`,
	'',
	`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, loopback.`,
	'',
	'| measure | result |',
	'| --- | --- |',
	...rows.map(([name, value]) => `| ${name} | ${value} |`),
	'',
].join('\n');
const file = path.join(reportDirectory, `links-${stamp}.md`);
writeFileSync(file, report);
process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
