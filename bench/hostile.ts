/**
 * `npm run bench`, hostile section (issue 10, "Done means"): honest
 * round-trip latency between two honest nodes while a third floods one of
 * them at the findings' rates. Alice, bob and mallory each run in a process
 * of their own (bench/hostile-node.ts, bench/hostile-attacker.ts), so the
 * attacker's signing does not share the honest nodes' event loop and RSS
 * is per node. Bob and alice are linked; mallory attacks alice one phase
 * at a time:
 *
 * - quiet: no attacker;
 * - announcements: 1,000 made-up peers (sybils), all vouched for, announced
 *   round after round at 950 a second over one link (finding 2);
 * - signed lines: 1 KiB lines of mallory's own at 7,200 a second (finding 4);
 * - 32 KiB lines: up to 20,000, as fast as alice reads them, bounded in
 *   time (finding 4);
 * - half-open connections: 80 one-byte sockets and 140 bare native
 *   openings, each reopened as soon as alice closes it (finding 3).
 *
 * Mallory signs and encodes each phase's frames before the phase starts.
 * Meanwhile bob sends alice `ping` every 20 ms and alice answers `pong`:
 * the table gives the round trip (p50 / p99), bob to alice one way, lines
 * lost, the largest RSS of each process during the phase (sampled from
 * /proc every 25 ms, and the kernel's high-water mark), what mallory
 * achieved against the finding's rate, and the counters of alice and bob
 * that moved. Prints a table and writes bench/reports/hostile-<date>.md
 * (and .json). Loopback only; every loop is bounded in count and time.
 *
 * Diagnosis: HOSTILE_PHASES=quiet,half-open runs only the phases named;
 * HOSTILE_PROFILE=alice,bob,mallory writes CPU profiles to
 * bench/reports/profile-<role>/ (the .json report gives each phase's
 * monotonic start and end to slice them by); HOSTILE_GC=1 collects garbage
 * before each heap reading, so the heap shown is what is still reachable;
 * HOSTILE_SNAPSHOT=alice,bob writes their heap snapshots after each phase,
 * HOSTILE_ALLOC=alice,bob their allocation profiles of each phase;
 * HOSTILE_MAPS=1 gives their resident memory by kind of mapping;
 * HOSTILE_NODE_FLAGS gives alice and bob flags (e.g. V8's);
 * HOSTILE_HISTORY=0 runs them without a history. bench/memory-summary.ts
 * reads the snapshots and profiles.
 */
import {fork, type ChildProcess} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {
	announcementsPerSecond,
	bareOpenings,
	bigLineCount,
	linesPerSecond,
	oneByteSockets,
	request,
	sybilCount,
	type AttackKind,
	type AttackReply,
	type NodeStatsReply,
	type OneWayReply,
	type OnlineReply,
	type PingReply,
	type PrepareReply,
	type StartReply,
} from './hostile-ipc.js';

const pingEveryMs = 20;
const graceMs = 3000;
const rssEveryMs = 25;
/** After a phase, how long alice and bob may take to link again on their own. */
const healMs = 5000;
/** And then after bob dials alice itself. */
const reconnectMs = 10_000;
/** The whole section, at most: then every child is killed. */
const wholeRunMs = process.env['HOSTILE_SNAPSHOT'] ? 900_000 : 180_000;

type Phase = {
	readonly name: string;
	/** For the verdict line. */
	readonly short: string;
	readonly attack: AttackKind | undefined;
	readonly durationMs: number;
	/** What the finding measured, for the table. */
	readonly target: string;
};

const phases: Phase[] = [
	{
		name: 'quiet',
		short: 'quiet',
		attack: undefined,
		durationMs: 3000,
		target: '-',
	},
	{
		name: `announcements (${sybilCount} sybils)`,
		short: 'announcements',
		attack: 'announcements',
		durationMs: 5000,
		target: `${announcementsPerSecond}/s`,
	},
	{
		name: 'signed lines (1 KiB)',
		short: '1 KiB lines',
		attack: 'lines',
		durationMs: 5000,
		target: `${linesPerSecond}/s`,
	},
	{
		name: `32 KiB lines (up to ${bigLineCount})`,
		short: '32 KiB lines',
		attack: 'big-lines',
		durationMs: 5000,
		target: 'as fast as read',
	},
	{
		name: `half-open (${oneByteSockets} one-byte + ${bareOpenings} openings, reopened)`,
		short: 'half-open',
		attack: 'half-open',
		durationMs: 6000,
		target: `${oneByteSockets + bareOpenings} held open`,
	},
];

/**
 * Diagnosis: HOSTILE_PHASES=quiet,half-open runs only those phases (by
 * their short name); the table then leaves the others out.
 */
function chosen(phase: Phase): boolean {
	const names = process.env['HOSTILE_PHASES'];
	return names === undefined || names.split(',').includes(phase.short);
}

type Roles = 'alice' | 'bob' | 'mallory';
const roles: Roles[] = ['alice', 'bob', 'mallory'];

/** The resident and peak memory of a process, from /proc (Linux), in MB. */
function memoryOf(pid: number | undefined): {rss: number; hwm: number} {
	if (pid === undefined) return {rss: Number.NaN, hwm: Number.NaN};
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (field: string) =>
			Number(
				new RegExp(String.raw`^${field}:\s+(\d+) kB`, 'm').exec(status)?.[1],
			);
		return {rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024};
	} catch {
		return {rss: Number.NaN, hwm: Number.NaN};
	}
}

/**
 * Samples every process's RSS all along; a window gives the largest RSS
 * seen between its start and end, or the kernel's high-water mark if it
 * rose meanwhile (a peak between two samples).
 */
class RssWatch {
	readonly #pids: Record<Roles, number | undefined>;
	readonly #windows = new Set<{
		startHwm: Record<Roles, number>;
		max: Record<Roles, number>;
	}>();

	readonly #timer: NodeJS.Timeout;

	constructor(pids: Record<Roles, number | undefined>) {
		this.#pids = pids;
		this.#timer = setInterval(() => {
			this.#sample();
		}, rssEveryMs);
	}

	begin(): () => Record<Roles, number> {
		const now = this.#read();
		const window = {
			startHwm: {
				alice: now.alice.hwm,
				bob: now.bob.hwm,
				mallory: now.mallory.hwm,
			},
			max: {alice: now.alice.rss, bob: now.bob.rss, mallory: now.mallory.rss},
		};
		this.#windows.add(window);
		return () => {
			const last = this.#read();
			this.#sample(last);
			this.#windows.delete(window);
			const result = {...window.max};
			for (const role of roles) {
				if (last[role].hwm > window.startHwm[role]) {
					result[role] = Math.max(result[role], last[role].hwm);
				}
			}

			return result;
		};
	}

	peaks(): Record<Roles, number> {
		const now = this.#read();
		return {alice: now.alice.hwm, bob: now.bob.hwm, mallory: now.mallory.hwm};
	}

	stop(): void {
		clearInterval(this.#timer);
	}

	#read(): Record<Roles, {rss: number; hwm: number}> {
		return {
			alice: memoryOf(this.#pids.alice),
			bob: memoryOf(this.#pids.bob),
			mallory: memoryOf(this.#pids.mallory),
		};
	}

	#sample(now = this.#read()): void {
		for (const window of this.#windows) {
			for (const role of roles) {
				window.max[role] = Math.max(window.max[role], now[role].rss);
			}
		}
	}
}

function monotonicMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

function percentile(values: readonly number[], p: number): number {
	const sorted = values.toSorted((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	return sorted[
		Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
	]!;
}

/** The counters that moved between two reads, as `name n`. */
function moved(
	before: NodeStatsReply,
	after: NodeStatsReply,
): Record<string, number> {
	const result: Record<string, number> = {};
	const counted: Record<string, number> = {...before.counters};
	for (const [name, value] of Object.entries(after.counters)) {
		const delta = value - (counted[name] ?? 0);
		if (delta !== 0) result[name] = delta;
	}

	const frames: Record<string, number> = {...before.framesReceived};
	for (const [kind, value] of Object.entries(after.framesReceived)) {
		const delta = value - (frames[kind] ?? 0);
		if (delta !== 0) result[`${kind} frames`] = delta;
	}

	const delivered = after.linesDelivered - before.linesDelivered;
	if (delivered !== 0) result['lines delivered'] = delivered;
	result['log entries'] = after.logEntries;
	return result;
}

type PhaseResult = {
	/** Whether alice and bob were linked after the phase, or how long they took to heal. */
	readonly healed: OnlineReply;
	/** If they did not heal: bob's `/connect` to alice, and how long it took. */
	readonly reconnected: OnlineReply | undefined;
	/** Native peers each lists, by state, after the phase. */
	readonly peers: {
		readonly alice: Readonly<Record<string, number>>;
		readonly bob: Readonly<Record<string, number>>;
	};
	/** V8 heap, memory outside it (of which array buffers) and RSS, after the phase. */
	readonly memoryMb: Record<
		'alice' | 'bob',
		{
			readonly heap: number;
			readonly external: number;
			readonly arrayBuffers: number;
			readonly rss: number;
			readonly heapTotal: number;
			readonly maps: Readonly<Record<string, number>>;
		}
	>;
	/** When the phase ran, on the machine's monotonic clock (to slice CPU profiles by). */
	readonly monotonicMs: {readonly startedAt: number; readonly endedAt: number};
	readonly phase: string;
	readonly short: string;
	readonly target: string;
	readonly pings: number;
	readonly rtt: {p50: number; p99: number; max: number};
	readonly oneWay: {p50: number; p99: number};
	/** Pings alice never saw, and pongs bob never got back (within the grace). */
	readonly lostPings: number;
	readonly lostPongs: number;
	readonly rssMb: Record<Roles, number>;
	readonly attack:
		(AttackReply & PrepareReply & {readonly kind: AttackKind}) | undefined;
	readonly alice: Record<string, number>;
	readonly bob: Record<string, number>;
};

function start(role: Roles): ChildProcess {
	const file = role === 'mallory' ? 'hostile-attacker.ts' : 'hostile-node.ts';
	const profile = (process.env['HOSTILE_PROFILE'] ?? '')
		.split(',')
		.includes(role)
		? [
				'--cpu-prof',
				// Per role: the main thread and tsx's loader thread each write one.
				`--cpu-prof-dir=${path.join(import.meta.dirname, 'reports', `profile-${role}`)}`,
			]
		: [];
	return fork(path.join(import.meta.dirname, file), [role], {
		execArgv: [
			'--import',
			'tsx',
			...profile,
			...(process.env['HOSTILE_GC'] === '1' ? ['--expose-gc'] : []),
			// HOSTILE_NODE_FLAGS (a diagnosis): V8 or Node flags for alice and
			// bob, to weigh a setting before the product takes it.
			...(role === 'mallory'
				? []
				: (process.env['HOSTILE_NODE_FLAGS'] ?? '').split(' ').filter(Boolean)),
		],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

/** Whether alice and bob both list each other online (waiting up to `timeoutMs`). */
async function linked(
	children: Record<Roles, ChildProcess>,
	timeoutMs: number,
): Promise<OnlineReply> {
	const [alice, bob] = await Promise.all([
		request<OnlineReply>(
			children.alice,
			{type: 'await-online', nick: 'bob', timeoutMs},
			timeoutMs + 30_000,
		),
		request<OnlineReply>(
			children.bob,
			{type: 'await-online', nick: 'alice', timeoutMs},
			timeoutMs + 30_000,
		),
	]);
	return {
		online: alice.online && bob.online,
		waitedMs: Math.max(alice.waitedMs, bob.waitedMs),
	};
}

type Bench = {
	readonly children: Record<Roles, ChildProcess>;
	readonly alice: StartReply;
	readonly watch: RssWatch;
};

function memoryAfter(stats: NodeStatsReply): PhaseResult['memoryMb']['alice'] {
	return {
		heap: stats.heapMb,
		external: stats.externalMb,
		arrayBuffers: stats.arrayBuffersMb,
		rss: stats.rssMb,
		heapTotal: stats.heapTotalMb,
		maps: stats.maps,
	};
}

/**
 * Diagnosis: HOSTILE_SNAPSHOT=alice,bob writes a heap snapshot of each
 * named node after each phase, to bench/reports/heap-<role>-<phase>.heapsnapshot.
 */
async function snapshots(
	children: Record<Roles, ChildProcess>,
	short: string,
): Promise<void> {
	const named = new Set((process.env['HOSTILE_SNAPSHOT'] ?? '').split(','));
	const directory = path.join(import.meta.dirname, 'reports');
	mkdirSync(directory, {recursive: true});
	for (const role of ['alice', 'bob'] as const) {
		if (!named.has(role)) continue;
		const file = path.join(
			directory,
			`heap-${role}-${short.replaceAll(' ', '-')}.heapsnapshot`,
		);
		// eslint-disable-next-line no-await-in-loop -- one snapshot at a time (each takes memory)
		await request(children[role], {type: 'heap-snapshot', file}, 120_000);
	}
}

async function runPhase(
	{name, short, attack, durationMs, target}: Phase,
	index: number,
	{children, alice, watch}: Bench,
): Promise<PhaseResult> {
	const tag = `p${index}`;
	const prepared = attack
		? await request<PrepareReply>(
				children.mallory,
				{
					type: 'prepare',
					attack,
					port: alice.port,
					aliceKey: alice.publicKey,
					durationMs,
				},
				60_000,
			)
		: undefined;
	// The attacker's link settles (its handshake and peer exchange) before the clock starts.
	await new Promise((resolve) => {
		setTimeout(resolve, 300);
	});
	const [aliceBefore, bobBefore] = await Promise.all([
		request<NodeStatsReply>(children.alice, {type: 'stats'}),
		request<NodeStatsReply>(children.bob, {type: 'stats'}),
	]);
	const sampled = roles.filter((role) =>
		(process.env['HOSTILE_ALLOC'] ?? '').split(',').includes(role),
	);
	await Promise.all(
		sampled.map(async (role) => request(children[role], {type: 'alloc-start'})),
	);
	const end = watch.begin();
	const startedAt = monotonicMs();
	const [ping, sent] = await Promise.all([
		request<PingReply>(
			children.bob,
			{
				type: 'ping',
				phase: tag,
				count: Math.floor(durationMs / pingEveryMs),
				everyMs: pingEveryMs,
				graceMs,
			},
			durationMs + graceMs + 30_000,
		),
		attack
			? request<AttackReply>(
					children.mallory,
					{type: 'go'},
					durationMs + 30_000,
				)
			: undefined,
	]);
	const rssMb = end();
	const endedAt = monotonicMs();
	for (const role of sampled) {
		const file = path.join(
			import.meta.dirname,
			'reports',
			`alloc-${role}-${short.replaceAll(' ', '-')}.heapprofile`,
		);
		// eslint-disable-next-line no-await-in-loop -- one profile at a time
		await request(children[role], {type: 'alloc-stop', file}, 120_000);
	}

	const [oneWay, aliceAfter, bobAfter] = await Promise.all([
		request<OneWayReply>(children.alice, {type: 'one-way', phase: tag}),
		request<NodeStatsReply>(children.alice, {type: 'stats'}),
		request<NodeStatsReply>(children.bob, {type: 'stats'}),
	]);
	// A phase that cut the honest link: does it heal on its own, and if not,
	// does bob get back in by dialing alice as a user would (`/connect`)?
	// The next phase needs the link.
	const healed = await linked(children, healMs);
	let reconnected: OnlineReply | undefined;
	if (!healed.online) {
		await request(children.bob, {type: 'connect', port: alice.port});
		reconnected = await linked(children, reconnectMs);
	}

	await snapshots(children, short);

	return {
		healed,
		reconnected,
		peers: {alice: aliceAfter.peers, bob: bobAfter.peers},
		memoryMb: {alice: memoryAfter(aliceAfter), bob: memoryAfter(bobAfter)},
		monotonicMs: {startedAt, endedAt},
		phase: name,
		short,
		target,
		pings: ping.sent,
		rtt: {
			p50: percentile(ping.rtts, 50),
			p99: percentile(ping.rtts, 99),
			max: Math.max(...ping.rtts),
		},
		oneWay: {
			p50: percentile(oneWay.latencies, 50),
			p99: percentile(oneWay.latencies, 99),
		},
		lostPings: ping.sent - oneWay.latencies.length,
		lostPongs: oneWay.latencies.length - ping.rtts.length,
		rssMb,
		attack:
			sent && prepared && attack
				? {...sent, ...prepared, kind: attack}
				: undefined,
		alice: moved(aliceBefore, aliceAfter),
		bob: moved(bobBefore, bobAfter),
	};
}

async function main(): Promise<{
	results: PhaseResult[];
	peaks: Record<Roles, number>;
}> {
	const children = {
		alice: start('alice'),
		bob: start('bob'),
		mallory: start('mallory'),
	};
	const killAll = () => {
		for (const child of Object.values(children)) {
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	};

	const guard = setTimeout(() => {
		process.stderr.write(
			`bench: hostile section over ${wholeRunMs} ms, stopped\n`,
		);
		killAll();
		// eslint-disable-next-line unicorn/no-process-exit -- the bench's own deadline
		process.exit(1);
	}, wholeRunMs);
	const watch = new RssWatch({
		alice: children.alice.pid,
		bob: children.bob.pid,
		mallory: children.mallory.pid,
	});
	try {
		const alice = await request<StartReply>(children.alice, {
			type: 'start',
			nick: 'alice',
		});
		const bob = await request<StartReply>(children.bob, {
			type: 'start',
			nick: 'bob',
			bootstrap: alice.port,
		});
		const first = await linked(children, 30_000);
		if (!first.online) {
			throw new Error('bench: alice and bob did not link');
		}

		await request(children.alice, {
			type: 'answer',
			fingerprint: bob.fingerprint,
		});
		// A second of pings first, not counted: both processes warm up.
		await request<PingReply>(children.bob, {
			type: 'ping',
			phase: 'warm-up',
			count: 50,
			everyMs: pingEveryMs,
			graceMs,
		});
		await request(children.alice, {type: 'one-way', phase: 'warm-up'});
		const results: PhaseResult[] = [];
		for (const [index, phase] of phases.entries()) {
			if (!chosen(phase)) continue;
			// eslint-disable-next-line no-await-in-loop -- one phase at a time
			results.push(await runPhase(phase, index, {children, alice, watch}));
		}

		const peaks = watch.peaks();
		await Promise.all([
			request(children.bob, {type: 'stop'}),
			request(children.alice, {type: 'stop'}),
			request(children.mallory, {type: 'exit'}),
		]);
		return {results, peaks};
	} finally {
		watch.stop();
		clearTimeout(guard);
		// Give them a moment to exit on their own, then make sure.
		setTimeout(killAll, 2000).unref();
	}
}

const ms = (value: number) =>
	Number.isFinite(value) ? `${value.toFixed(1)}` : 'n/a';
const mb = (value: number) =>
	Number.isFinite(value) ? `${Math.round(value)}` : 'n/a';

function attackText(result: PhaseResult): string {
	const {attack} = result;
	if (!attack) return '-';
	const seconds = attack.elapsedMs / 1000;
	const rate = Math.round(attack.sent / seconds);
	const what = attack.kind === 'half-open' ? 'opened' : 'sent';
	const parts = [
		`${what} ${attack.sent} in ${seconds.toFixed(1)} s = ${rate}/s (finding: ${result.target})`,
	];
	// What alice read of it: her frames of that kind, less the pings bob got to her.
	const read =
		attack.kind === 'announcements'
			? result.alice['announce frames']
			: attack.kind === 'lines' || attack.kind === 'big-lines'
				? (result.alice['chat frames'] ?? 0) - (result.pings - result.lostPings)
				: undefined;
	if (read !== undefined) parts.push(`alice read ${read}`);
	if (attack.bytes > 1_000_000)
		parts.push(`${(attack.bytes / 1024 / 1024).toFixed(0)} MiB`);
	if (attack.blockedMs > 0)
		parts.push(`waited ${Math.round(attack.blockedMs)} ms on backpressure`);
	if (attack.closedByNode > 0)
		parts.push(`${attack.closedByNode} closed by alice`);
	if (attack.linkClosed) parts.push('link closed by alice');
	if (attack.prepared > 0) {
		parts.push(
			`${attack.prepared} signed ahead in ${(attack.prepareMs / 1000).toFixed(1)} s`,
		);
	}

	return parts.join(', ');
}

function linkText({healed, reconnected}: PhaseResult): string {
	const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
	if (healed.online) {
		return healed.waitedMs < 50
			? 'up'
			: `down, healed after ${seconds(healed.waitedMs)}`;
	}

	const notHealed = `DOWN, not healed within ${seconds(healMs)}`;
	if (!reconnected?.online) {
		return `${notHealed}, nor ${seconds(reconnectMs)} after bob's /connect`;
	}

	return `${notHealed}; bob's /connect relinked in ${seconds(reconnected.waitedMs)}`;
}

function memoryText(memory: PhaseResult['memoryMb']['alice']): string {
	const maps = Object.entries(memory.maps)
		.toSorted(([, a], [, b]) => b - a)
		.map(([kind, value]) => `${kind} ${value}`)
		.join(', ');
	return `${mb(memory.rss)} / ${mb(memory.heap)} of ${mb(memory.heapTotal)} / ${mb(memory.external)}, ${mb(memory.arrayBuffers)}${maps === '' ? '' : ` (${maps})`}`;
}

function peersText(peers: Readonly<Record<string, number>>): string {
	return Object.entries(peers)
		.map(([state, count]) => `${count} ${state}`)
		.join(', ');
}

function countersText(counters: Record<string, number>): string {
	return Object.entries(counters)
		.map(([name, value]) => `${name} ${value}`)
		.join(', ');
}

const loadBefore = os.loadavg()[0]!.toFixed(1);
const {results, peaks} = await main();
const maxRss = (role: Roles) =>
	Math.max(peaks[role], ...results.map((result) => result.rssMb[role]));
const verdict = [
	`p99 under 100 ms: ${results.map((result) => `${result.short} ${result.rtt.p99 < 100 ? 'yes' : 'NO'} (${ms(result.rtt.p99)})`).join(', ')}`,
	`no honest line lost: ${results.every((result) => result.lostPings + result.lostPongs === 0) ? 'yes' : 'NO'} (${results.map((result) => result.lostPings + result.lostPongs).join(', ')})`,
	`RSS under 300 MB: alice ${maxRss('alice') < 300 ? 'yes' : 'NO'} (${mb(maxRss('alice'))}), bob ${maxRss('bob') < 300 ? 'yes' : 'NO'} (${mb(maxRss('bob'))}), mallory ${maxRss('mallory') < 300 ? 'yes' : 'NO'} (${mb(maxRss('mallory'))})`,
];
const lines = results.flatMap((result) => [
	`hostile: ${result.phase}`,
	`  rtt p50 ${ms(result.rtt.p50)} ms, p99 ${ms(result.rtt.p99)} ms (max ${ms(result.rtt.max)}); bob->alice p50 ${ms(result.oneWay.p50)} ms, p99 ${ms(result.oneWay.p99)} ms; lost ${result.lostPings} pings + ${result.lostPongs} pongs of ${result.pings}`,
	`  honest link after the phase: ${linkText(result)}`,
	`  peers listed after: alice ${peersText(result.peers.alice)}; bob ${peersText(result.peers.bob)}`,
	`  MB after (rss / heap used of total / external, of it array buffers): alice ${memoryText(result.memoryMb.alice)}, bob ${memoryText(result.memoryMb.bob)}`,
	`  max RSS MB: alice ${mb(result.rssMb.alice)}, bob ${mb(result.rssMb.bob)}, mallory ${mb(result.rssMb.mallory)}`,
	`  mallory: ${attackText(result)}`,
	`  alice: ${countersText(result.alice)}`,
	`  bob: ${countersText(result.bob)}`,
]);
lines.push(
	`hostile: peak RSS over the whole run (VmHWM) MB: alice ${mb(peaks.alice)}, bob ${mb(peaks.bob)}, mallory ${mb(peaks.mallory)}`,
	...verdict.map((line) => `hostile: target ${line}`),
);
process.stdout.write(`${lines.join('\n')}\n`);

const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(/[:.]/gv, '-');
const cell = (text: string) => text.replaceAll('|', '/');
writeFileSync(
	path.join(reportDirectory, `hostile-${stamp}.md`),
	[
		`# Hostile benchmark, ${new Date().toISOString()}`,
		'',
		`Node ${process.version}, ${process.platform}/${process.arch}, ${os.availableParallelism()} CPUs, load average ${loadBefore} before the run and ${os.loadavg()[0]!.toFixed(1)} after (other work on the machine shares the CPUs). Alice, bob and mallory each in a process of their own. Bob sends alice \`ping\` every ${pingEveryMs} ms and alice answers \`pong\`; lines not back ${graceMs / 1000} s after the phase count as lost; a phase that cut the honest link is followed by up to ${healMs / 1000} s for it to heal, then bob dials alice (\`/connect\`) and waits up to ${reconnectMs / 1000} s more. RSS: the largest of each process during the phase (from /proc every ${rssEveryMs} ms, and VmHWM). Targets (issue 10): honest p99 under 100 ms, no honest line lost, RSS of every node under 300 MB.`,
		'',
		'| phase | rtt p50 / p99 (max) ms | bob->alice p50 / p99 ms | lost pings + pongs | honest link after | max RSS MB alice / bob / mallory | mallory | alice counters | bob counters |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...results.map(
			(result) =>
				`| ${cell(result.phase)} | ${ms(result.rtt.p50)} / ${ms(result.rtt.p99)} (${ms(result.rtt.max)}) | ${ms(result.oneWay.p50)} / ${ms(result.oneWay.p99)} | ${result.lostPings} + ${result.lostPongs} of ${result.pings} | ${linkText(result)} | ${mb(result.rssMb.alice)} / ${mb(result.rssMb.bob)} / ${mb(result.rssMb.mallory)} | ${cell(attackText(result))} | ${cell(countersText(result.alice))} | ${cell(countersText(result.bob))} |`,
		),
		'',
		`Peak RSS over the whole run (VmHWM, MB): alice ${mb(peaks.alice)}, bob ${mb(peaks.bob)}, mallory ${mb(peaks.mallory)}.`,
		'',
		'Targets:',
		'',
		...verdict.map((line) => `- ${line}`),
		'',
	].join('\n'),
);
writeFileSync(
	path.join(reportDirectory, `hostile-${stamp}.json`),
	`${JSON.stringify({results, peaks}, undefined, '\t')}\n`,
);
