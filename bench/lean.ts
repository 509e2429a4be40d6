/**
 * `npm run bench` (lean part, issue 15): how quick and how light a node is.
 * Start-up to ready of the built CLI (the UI in a terminal: tmux, until its
 * first frame is on screen; headless: until it says it listens), empty and
 * with 100,000 stored lines; `--version`, `--help` and `npm start`; idle CPU
 * and wake-ups over 30 s of a UI node and a headless node with no peers;
 * two headless nodes joined by one link, lines piped into one's stdin and
 * counted on the other's stdout (64 B and 1 KB lines per second, CPU per
 * line on each side, latency at a steady pace); the RSS of a fresh UI node.
 * Every figure is the median of 3. Prints one table and writes
 * bench/reports/lean-<date>.md. Every loop is bounded in count and time.
 *
 * CPU time is read from /proc/PID/task/* /schedstat (nanoseconds on a CPU,
 * all threads), wake-ups are the times the main thread was put on a CPU
 * (the third field of its schedstat), Linux only. Sections can be chosen:
 * `node --import tsx bench/lean.ts start idle lines`.
 */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import sodium from 'sodium-native';
import {newKeyPair} from '../source/node/identity.js';
import {fillHistory} from '../test/helpers/fill-history.js';
import {hasTmux, Tmux} from '../test/helpers/tmux.js';

const root = path.join(import.meta.dirname, '..');
/** The CLI measured; `BENCH_CLI=/other/checkout/dist/cli.js` compares another build. */
const cli = process.env['BENCH_CLI'] ?? path.join(root, 'dist', 'cli.js');
const runs = 3;
const deadlineMs = 60_000;
const idleSeconds = 30;
/** From the last node's start to the idle measure (see `idle`). */
const settleMs = 40_000;
/** From the last UI's first frame to the RSS measure of a fresh UI (see `idle`). */
const rssSettleMs = 5000;
const storedCount = 100_000;
const linesPerRun = 20_000;

type Row = [what: string, value: string, target: string];
const rows: Row[] = [];
const sections = new Set(process.argv.slice(2));
/**
 * Node's own flags for the headless nodes, to look inside a run:
 * `BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` (NODE_OPTIONS
 * refuses --cpu-prof).
 */
const nodeArguments =
	process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? [];
const wanted = (name: string) => sections.size === 0 || sections.has(name);

const median = (values: number[]) =>
	values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sleep = async (milliseconds: number) =>
	new Promise((resolve) => {
		setTimeout(resolve, milliseconds);
	});
const temporary = (name: string) =>
	mkdtempSync(path.join(os.tmpdir(), `p2p-chat-bench-${name}-`));

async function poll(check: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + deadlineMs;
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`bench: timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(5);
	}
}

/** CPU time of every thread of `pid` (ns), and the main thread's wake-ups. */
function cpuOf(pid: number): {cpuNs: number; wakeups: number} {
	let cpuNs = 0;
	for (const task of readdirSync(`/proc/${pid}/task`)) {
		try {
			const [onCpu] = readFileSync(
				`/proc/${pid}/task/${task}/schedstat`,
				'utf8',
			)
				.split(' ')
				.map(Number);
			cpuNs += onCpu ?? 0;
		} catch {
			// A thread that ended between the listing and the read.
		}
	}

	const wakeups = Number(
		readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ')[2],
	);
	return {cpuNs, wakeups};
}

/**
 * Resident memory of a process, from /proc (Linux): all of it, and the part
 * backed by files (mostly the pages of the node binary it has touched,
 * shared with every other node process).
 */
function memoryOf(pid: number): {rss: number; fileBacked: number} {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name: string) => {
		const line = status.split('\n').find((row) => row.startsWith(`${name}:`));
		return Number(line?.split(/\s+/v)[1] ?? 0) * 1024;
	};

	return {rss: field('VmRSS'), fileBacked: field('RssFile')};
}

const rssOf = (pid: number) => memoryOf(pid).rss;

/** The median RSS of `pids`, with its file-backed part. */
function describeMemory(pids: readonly number[]): string {
	const measured = pids.map((pid) => memoryOf(pid));
	const fileBacked = median(measured.map((memory) => memory.fileBacked));
	return `${mb(median(measured.map((memory) => memory.rss)))} (${mb(fileBacked)} of it file-backed)`;
}

/** `pid` and every process below it. */
function treeOf(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/v.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The name may hold spaces and parentheses: fields follow the last ')'.
			const parent = Number(
				stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1],
			);
			children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
		} catch {
			// Gone meanwhile.
		}
	}

	const tree = [pid];
	for (let index = 0; index < tree.length && index < 100; index++) {
		tree.push(...(children.get(tree[index]!) ?? []));
	}

	return tree;
}

const tmux = new Tmux();
let sessions = 0;

/** A command in a fresh 120×40 tmux pane: time until `marker` is on screen. */
async function inTerminal(
	command: readonly string[],
	marker: string,
	cwd = root,
): Promise<{ms: number; session: string; pid: number}> {
	const session = `lean${sessions++}`;
	const start = performance.now();
	tmux.newSession(session, command, {height: 40, cwd});
	await poll(() => tmux.capture(session).includes(marker), `${marker}`);
	const elapsed = performance.now() - start;
	const pid = Number(tmux.run('display', '-p', '-t', session, '#{pane_pid}'));
	return {ms: elapsed, session, pid};
}

function endSession(session: string): void {
	tmux.run('kill-session', '-t', session);
}

/** The UI node on a profile (its own folder: the store is opened, as a user's is). */
const uiCommand = (directory: string) => [
	process.execPath,
	cli,
	'--host',
	'127.0.0.1',
	'--port',
	'0',
	'--data-dir',
	directory,
];

type Headless = {
	child: ChildProcessWithoutNullStreams;
	port: number;
	/** Called with every whole line the node prints. */
	onLine: (listener: (line: string) => void) => void;
	stop: () => Promise<void>;
};

/** A headless node (stdin a pipe kept open): resolves once it listens. */
async function headless(
	extra: readonly string[],
): Promise<Headless & {ms: number}> {
	const start = performance.now();
	const child = spawn(
		process.execPath,
		[
			...nodeArguments,
			cli,
			'--headless',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			...extra,
		],
		{stdio: ['pipe', 'pipe', 'pipe']},
	);
	child.stderr.resume();
	const listeners: Array<(line: string) => void> = [];
	let rest = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop()!;
		for (const line of lines) for (const listener of listeners) listener(line);
	});
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error('bench: a headless node did not listen'));
		}, deadlineMs);
		listeners.push((line) => {
			const match = /^\[SERVER\] Listening on port (\d+)/v.exec(line);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		});
	});
	const elapsed = performance.now() - start;
	const exited = new Promise<void>((resolve) => {
		child.on('exit', () => {
			resolve();
		});
	});
	return {
		child,
		port,
		ms: elapsed,
		onLine(listener) {
			listeners.push(listener);
		},
		async stop() {
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/** Time until a command exits. */
async function exitTime(args: readonly string[]): Promise<number> {
	const start = performance.now();
	const child = spawn(process.execPath, [cli, ...args], {stdio: 'ignore'});
	await new Promise((resolve) => {
		child.on('exit', resolve);
	});
	return performance.now() - start;
}

async function medianOf(measure: () => Promise<number>): Promise<number> {
	const values: number[] = [];
	for (let run = 0; run < runs; run++) {
		// eslint-disable-next-line no-await-in-loop
		values.push(await measure());
	}

	return median(values);
}

async function startUp(): Promise<void> {
	for (const flag of ['--version', '--help']) {
		// eslint-disable-next-line no-await-in-loop
		const time = await medianOf(async () => exitTime([flag]));
		rows.push([`\`${flag}\`, until it exits`, ms(time), 'well under 200 ms']);
	}

	const empty = temporary('empty');
	const full = temporary('full');
	const fillStart = performance.now();
	const newest = fillHistory(full, storedCount);
	const fillMs = performance.now() - fillStart;
	// A first run makes each profile's identity (and warms the disk cache).
	for (const directory of [empty, full]) {
		// eslint-disable-next-line no-await-in-loop
		const warm = await headless(['--data-dir', directory]);
		// eslint-disable-next-line no-await-in-loop
		await warm.stop();
	}

	for (const [name, directory, target] of [
		['empty profile', empty, 'under 0.5 s'],
		[`${storedCount / 1000}k stored lines`, full, 'under 1 s'],
	] as const) {
		// eslint-disable-next-line no-await-in-loop
		const time = await medianOf(async () => {
			const node = await headless(['--data-dir', directory]);
			await node.stop();
			return node.ms;
		});
		rows.push([`start to listening, headless, ${name}`, ms(time), target]);
	}

	if (!hasTmux()) {
		rows.push(['start to first frame, UI', 'skipped: no tmux', '']);
		return;
	}

	for (const [name, directory, marker, target] of [
		['empty profile', empty, 'No messages yet', 'under 0.5 s'],
		[`${storedCount / 1000}k stored lines`, full, newest, 'under 1 s'],
	] as const) {
		// eslint-disable-next-line no-await-in-loop
		const time = await medianOf(async () => {
			const shown = await inTerminal(uiCommand(directory), marker);
			endSession(shown.session);
			await sleep(300);
			return shown.ms;
		});
		rows.push([
			`start to first frame, UI (\`node dist/cli.js\`), ${name}`,
			ms(time),
			target,
		]);
	}

	const npmRss: number[] = [];
	const npm = await medianOf(async () => {
		const shown = await inTerminal(
			['npm', 'start', '--', ...uiCommand(empty).slice(2)],
			'No messages yet',
		);
		npmRss.push(
			treeOf(shown.pid)
				.map((pid) => rssOf(pid))
				.reduce((sum, rss) => sum + rss, 0),
		);
		endSession(shown.session);
		await sleep(300);
		return shown.ms;
	});
	rows.push(
		['start to first frame, `npm start` (built)', ms(npm), 'under 0.8 s'],
		['`npm start`: RSS of all its processes', mb(median(npmRss)), ''],
		[`(fill a history of ${storedCount} lines, once)`, ms(fillMs), ''],
	);
	rmSync(empty, {recursive: true, force: true});
	rmSync(full, {recursive: true, force: true});
}

/** CPU share and main-thread wake-ups of `pid` over `idleSeconds`. */
async function idleOf(pids: readonly number[]) {
	const before = pids.map((pid) => cpuOf(pid));
	const start = performance.now();
	await sleep(idleSeconds * 1000);
	const seconds = (performance.now() - start) / 1000;
	return pids.map((pid, index) => {
		const after = cpuOf(pid);
		return {
			percent: ((after.cpuNs - before[index]!.cpuNs) / 1e9 / seconds) * 100,
			wakeupsPerSecond: (after.wakeups - before[index]!.wakeups) / seconds,
		};
	});
}

async function idle(): Promise<void> {
	const folders = Array.from({length: runs * 2}, () => temporary('idle'));
	const uis = [];
	if (hasTmux()) {
		for (const directory of folders.slice(0, runs)) {
			// eslint-disable-next-line no-await-in-loop
			uis.push(await inTerminal(uiCommand(directory), 'No messages yet'));
		}
	}

	const headlessNodes = [];
	for (const directory of folders.slice(runs)) {
		// eslint-disable-next-line no-await-in-loop
		headlessNodes.push(await headless(['--data-dir', directory]));
	}

	const uiPids = uis.map((shown) => shown.pid);
	// At the first frame, start-up's garbage may not have been collected
	// yet; a few seconds later the node is what a user leaves idle on the
	// machine (both are shown).
	const rss = describeMemory(uiPids);
	await sleep(rssSettleMs);
	const settledRss = describeMemory(uiPids);
	// Whatever start-up leaves for later has run by now, V8's own included:
	// its memory reducer collects garbage in bursts of tasks, 8 s apart,
	// after start-up's last collection (up to three rounds): one-offs that
	// are not idling.
	await sleep(settleMs - rssSettleMs);
	// All six at once: idle nodes barely touch the machine.
	const measured = await idleOf([
		...uiPids,
		...headlessNodes.map((node) => node.child.pid!),
	]);
	const ui = measured.slice(0, uiPids.length);
	const quiet = measured.slice(uiPids.length);
	const describe = (values: typeof measured) =>
		`${median(values.map((v) => v.percent)).toFixed(3)}% (${median(values.map((v) => v.wakeupsPerSecond)).toFixed(2)} wake-ups/s)`;
	if (ui.length > 0) {
		rows.push(
			[
				`idle CPU, UI node, no peers, ${idleSeconds} s`,
				describe(ui),
				'at most 0.2%; no wake-ups',
			],
			['RSS of a fresh UI node, at its first frame', rss, ''],
			[
				`RSS of a fresh UI node, ${rssSettleMs / 1000} s after its first frame`,
				settledRss,
				'under 70 MB',
			],
		);
	}

	rows.push([
		`idle CPU, headless node, no peers, ${idleSeconds} s`,
		describe(quiet),
		'at most 0.05%',
	]);
	for (const shown of uis) endSession(shown.session);
	await Promise.all(headlessNodes.map(async (node) => node.stop()));
	for (const directory of folders)
		rmSync(directory, {recursive: true, force: true});
}

/** Two headless nodes, `sender` bootstrapping to `receiver`, linked. */
async function pair() {
	const receiver = await headless([]);
	const sender = await headless(['--bootstrap', `127.0.0.1:${receiver.port}`]);
	let linked = 0;
	const linkedWhen = (line: string) => {
		if (line.startsWith('[SERVER] New host discovered')) linked++;
	};

	receiver.onLine(linkedWhen);
	sender.onLine(linkedWhen);
	await poll(() => linked >= 2, 'the link');
	return {sender, receiver};
}

/** Write lines to a node's stdin, honouring backpressure. */
async function write(node: Headless, text: string): Promise<void> {
	if (!node.child.stdin.write(text)) {
		await new Promise((resolve) => {
			node.child.stdin.once('drain', resolve);
		});
	}
}

/** `linesPerRun` lines of `bytes` bytes as fast as the pipe takes them. */
async function throughput(
	nodes: Awaited<ReturnType<typeof pair>>,
	bytes: number,
	received: () => number,
) {
	const base = received();
	const sender = nodes.sender.child.pid!;
	const receiver = nodes.receiver.child.pid!;
	const cpuBefore = [cpuOf(sender).cpuNs, cpuOf(receiver).cpuNs];
	// The bench writes the lines and reads both nodes' output: a third
	// process on the same two cores.
	const benchBefore = process.cpuUsage();
	const start = performance.now();
	const batch = 200;
	for (let first = 0; first < linesPerRun; first += batch) {
		let text = '';
		for (let index = first; index < first + batch; index++) {
			const head = `t${index} `;
			text += `${head}${'x'.repeat(bytes - head.length)}\n`;
		}

		// eslint-disable-next-line no-await-in-loop
		await write(nodes.sender, text);
	}

	await poll(() => received() - base >= linesPerRun, 'every line');
	const seconds = (performance.now() - start) / 1000;
	const bench = process.cpuUsage(benchBefore);
	return {
		perSecond: linesPerRun / seconds,
		benchMs: (bench.user + bench.system) / 1000 / linesPerRun,
		senderMs: (cpuOf(sender).cpuNs - cpuBefore[0]!) / 1e6 / linesPerRun,
		receiverMs: (cpuOf(receiver).cpuNs - cpuBefore[1]!) / 1e6 / linesPerRun,
	};
}

/** Latency of lines sent at a steady pace (not saturating). */
async function latency(
	nodes: Awaited<ReturnType<typeof pair>>,
	arrivals: Map<number, number>,
) {
	const count = 1000;
	const perTick = 5;
	const sentAt = new Map<number, number>();
	for (let first = 0; first < count; first += perTick) {
		let text = '';
		for (let index = first; index < first + perTick; index++) {
			text += `l${index} ${'y'.repeat(60)}\n`;
		}

		const now = performance.now();
		for (let index = first; index < first + perTick; index++)
			sentAt.set(index, now);
		// eslint-disable-next-line no-await-in-loop
		await write(nodes.sender, text);
		// eslint-disable-next-line no-await-in-loop
		await sleep(10);
	}

	await poll(() => arrivals.size >= count, 'every paced line');
	const times = [...sentAt].map(([index, at]) => arrivals.get(index)! - at);
	const sorted = times.toSorted((a, b) => a - b);
	return {
		p50: sorted[Math.floor(sorted.length / 2)]!,
		p99: sorted[Math.floor(sorted.length * 0.99)]!,
	};
}

/**
 * What one signature and one check cost on this machine right now: the
 * floor under each side's CPU per line (every line is signed once and
 * checked once), and the yardstick to compare runs on a machine whose
 * speed moves (issue 15 set 0.1 ms per received line when a check cost
 * 0.044 ms here).
 */
function ed25519Cost(): {signMs: number; verifyMs: number} {
	const {publicKey, secretKey} = newKeyPair();
	const message = new Uint8Array(120).fill(120);
	const signature = new Uint8Array(sodium.crypto_sign_BYTES);
	const count = 5000;
	let start = performance.now();
	for (let index = 0; index < count; index++) {
		sodium.crypto_sign_detached(signature, message, secretKey);
	}

	const signMs = (performance.now() - start) / count;
	start = performance.now();
	for (let index = 0; index < count; index++) {
		sodium.crypto_sign_verify_detached(signature, message, publicKey);
	}

	return {signMs, verifyMs: (performance.now() - start) / count};
}

async function lines(): Promise<void> {
	const cost = ed25519Cost();
	rows.push([
		'ed25519 on this machine now: sign / check one line',
		`${cost.signMs.toFixed(3)} / ${cost.verifyMs.toFixed(3)} ms`,
		'(the floor under CPU per line)',
	]);
	const nodes = await pair();
	const counter = {received: 0};
	const received = () => counter.received;
	const arrivals = new Map<number, number>();
	nodes.receiver.onLine((line) => {
		if (!line.startsWith('[SERVER] Received from')) return;
		counter.received++;
		const paced = /: l(\d+) /v.exec(line);
		if (paced) arrivals.set(Number(paced[1]), performance.now());
	});
	for (const bytes of [64, 1024]) {
		const results = [];
		for (let run = 0; run < runs; run++) {
			// eslint-disable-next-line no-await-in-loop
			results.push(await throughput(nodes, bytes, received));
		}

		const label = bytes === 64 ? '64 B' : '1 KB';
		rows.push(
			[
				`2 nodes, one link, ${label} lines end to end (headless, stdin to stdout)`,
				`${median(results.map((r) => r.perSecond)).toFixed(0)} lines/s`,
				bytes === 64 ? 'at least 9,000' : 'at least 7,000',
			],
			[
				`  CPU per line, ${label}: sender / receiver (the bench)`,
				`${median(results.map((r) => r.senderMs)).toFixed(3)} / ${median(results.map((r) => r.receiverMs)).toFixed(3)} (${median(results.map((r) => r.benchMs)).toFixed(3)}) ms`,
				'receiver at most 0.1 ms',
			],
		);
	}

	const paced = [];
	for (let run = 0; run < runs; run++) {
		arrivals.clear();
		// eslint-disable-next-line no-await-in-loop
		paced.push(await latency(nodes, arrivals));
	}

	rows.push([
		'latency of 64 B lines at 500 lines/s: p50 / p99',
		`${median(paced.map((p) => p.p50)).toFixed(1)} / ${median(paced.map((p) => p.p99)).toFixed(1)} ms`,
		'',
	]);
	await Promise.all([nodes.sender.stop(), nodes.receiver.stop()]);
}

try {
	if (wanted('start')) await startUp();
	if (wanted('idle')) await idle();
	if (wanted('lines')) await lines();
} finally {
	tmux.kill();
}

const widths = [0, 1].map((column) =>
	Math.max(...rows.map((row) => row[column]!.length)),
);
process.stdout.write(
	`${rows.map(([name, value, target]) => `${name.padEnd(widths[0]!)}  ${value.padEnd(widths[1]!)}  ${target}`).join('\n')}\n`,
);

const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const report = [
	`# Lean benchmark (issue 15), ${new Date().toISOString()}`,
	'',
	`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
		.loadavg()
		.map((load) => load.toFixed(2))
		.join(' ')} at the end. Median of ${runs}.`,
	'',
	'| measure | result | target |',
	'| --- | --- | --- |',
	...rows.map(([name, value, target]) => `| ${name} | ${value} | ${target} |`),
	'',
].join('\n');
const file = path.join(reportDirectory, `lean-${stamp}.md`);
writeFileSync(file, report);
process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
