/**
 * `npm run bench` (history part): what 100,000 stored lines cost a node.
 * Fills a profile's history (in a temp folder, through HistoryStore, as a
 * node would have written it), then measures start-up to interactive:
 * in process (open the store, make the service, start it, until its first
 * snapshot shows the stored lines), as a headless process (until it says
 * it listens) and as the UI in a terminal (tmux: until the newest stored
 * line is on screen); and the resident memory of those processes, the
 * UI's again after PgUp read a few thousand lines back from the store,
 * and the UI's peak over the run (VmHWM).
 * An empty profile is measured beside it for comparison. Prints a table
 * and writes bench/reports/history-<date>.md. Targets (issue 11): start-up
 * under 1 s, the UI under 150 MB. Every loop is bounded in count and time.
 */
import {spawn} from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {newKeyPair} from '../source/node/identity.js';
import {HistoryStore} from '../source/node/store/history-store.js';
import {ChatService} from '../source/service/chat-service.js';
import {fillHistory} from '../test/helpers/fill-history.js';
import {hasTmux, Tmux} from '../test/helpers/tmux.js';

const storedCount = 100_000;
const runs = 5;
const deadlineMs = 30_000;
const cli = path.join(import.meta.dirname, '..', 'dist', 'cli.js');

type Row = [what: string, value: string];
const rows: Row[] = [];

/** Fill a history with `count` lines (test/helpers/fill-history.ts); how long it took. */
function fill(directory: string, count: number): {ms: number; newest: string} {
	const start = performance.now();
	const newest = fillHistory(directory, count);
	return {ms: performance.now() - start, newest};
}

function median(values: number[]): number {
	return values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Open, make and start a service on the profile; time until its snapshot shows lines. */
async function inProcess(directory: string, expectLines: boolean) {
	const start = performance.now();
	const history = HistoryStore.open(directory);
	const opened = performance.now();
	const service = new ChatService({
		port: 0,
		host: '127.0.0.1',
		nick: 'bench',
		keyPair: newKeyPair(),
		history,
	});
	const made = performance.now();
	await service.start();
	const shown = service.getSnapshot().entries.length > 0;
	const ready = performance.now();
	if (expectLines && !shown) throw new Error('bench: no lines shown');
	await service.stop();
	return {open: opened - start, make: made - opened, total: ready - start};
}

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /VmRSS:\s+(\d+)/v.exec(status)?.[1];
	return Number(kb ?? 0) * 1024;
}

/** The highest resident memory a process has had (Linux). */
function peakRssOf(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /VmHWM:\s+(\d+)/v.exec(status)?.[1];
	return Number(kb ?? 0) * 1024;
}

/** A headless node on the profile: time until it listens, and its memory then. */
async function headless(directory: string) {
	const start = performance.now();
	const child = spawn(
		process.execPath,
		[cli, '--headless', '--port', '0', '--data-dir', directory],
		{stdio: ['pipe', 'pipe', 'inherit']},
	);
	const listening = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error('bench: the headless node did not listen'));
		}, deadlineMs);
		let output = '';
		child.stdout.on('data', (chunk: Uint8Array) => {
			output += String(chunk);
			if (output.includes('Listening on port')) {
				clearTimeout(timer);
				resolve(performance.now() - start);
			}
		});
	});
	const rss = rssOf(child.pid!);
	const exited = new Promise((resolve) => {
		child.on('exit', resolve);
	});
	child.kill('SIGTERM');
	await exited;
	return {listening, rss};
}

async function poll(check: () => boolean, what: string): Promise<void> {
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

/**
 * The UI in a terminal: time until the newest stored line is on screen,
 * its memory then, and again after PgUp read `pages` pages back.
 */
async function ui(directory: string, newest: string, pages: number) {
	const tmux = new Tmux();
	try {
		const start = performance.now();
		tmux.newSession(
			'bench',
			[process.execPath, cli, '--port', '0', '--data-dir', directory],
			{height: 40},
		);
		await poll(() => tmux.capture('bench').includes(newest), 'the first frame');
		const firstFrame = performance.now() - start;
		const pid = Number(tmux.run('display', '-p', '-t', 'bench', '#{pane_pid}'));
		const rss = rssOf(pid);
		for (let page = 0; page < pages; page++) {
			tmux.run('send-keys', '-t', 'bench', 'PPage');
			// Let each page be drawn, as a reader holding the key would.
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => {
				setTimeout(resolve, 5);
			});
		}

		let oldest = Number.POSITIVE_INFINITY;
		if (pages === 0) {
			return {firstFrame, rss, rssAfter: rss, peak: peakRssOf(pid), oldest};
		}

		// Done when the top of the screen is beyond what is in memory (or
		// stays put: a build that cannot read on shows how far it got).
		let last = '';
		let still = 0;
		await poll(() => {
			const screen = tmux.capture('bench');
			const numbers = [...screen.matchAll(/line (\d+):/gv)];
			oldest = Math.min(...numbers.map((match) => Number(match[1])));
			still = screen === last ? still + 1 : 0;
			last = screen;
			return oldest < storedCount - 1000 || still > 200;
		}, 'PgUp to read older lines');
		return {
			firstFrame,
			rss,
			rssAfter: rssOf(pid),
			peak: peakRssOf(pid),
			oldest,
		};
	} finally {
		tmux.kill();
	}
}

const empty = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-bench-empty-'));
const full = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-bench-history-'));
const filled = fill(full, storedCount);
rows.push([`fill a history with ${storedCount} lines`, ms(filled.ms)]);
const newestText = filled.newest;

for (const [name, directory] of [
	['empty profile', empty],
	[`${storedCount} stored lines`, full],
] as const) {
	const timings = [];
	for (let run = 0; run < runs; run++) {
		// eslint-disable-next-line no-await-in-loop
		timings.push(await inProcess(directory, directory === full));
	}

	rows.push([
		`${name}: in process, open + make + start (median of ${runs})`,
		`${ms(median(timings.map((t) => t.total)))} (open ${ms(median(timings.map((t) => t.open)))}, make ${ms(median(timings.map((t) => t.make)))})`,
	]);
	const processes = [];
	for (let run = 0; run < runs; run++) {
		// eslint-disable-next-line no-await-in-loop
		processes.push(await headless(directory));
	}

	rows.push(
		[
			`${name}: headless process until it listens (median of ${runs})`,
			ms(median(processes.map((p) => p.listening))),
		],
		[`${name}: headless process RSS`, mb(median(processes.map((p) => p.rss)))],
	);
}

if (hasTmux()) {
	const blank = await ui(empty, 'No messages yet', 0);
	rows.push(
		['empty profile: UI until its first frame', ms(blank.firstFrame)],
		['empty profile: UI RSS at the first frame', mb(blank.rss)],
	);
	const pages = 400;
	const result = await ui(full, newestText, pages);
	rows.push(
		[
			`${storedCount} stored lines: UI until the newest line is on screen`,
			ms(result.firstFrame),
		],
		[`${storedCount} stored lines: UI RSS at the first frame`, mb(result.rss)],
		[
			`${storedCount} stored lines: UI RSS after ${pages} × PgUp (back to line ${result.oldest})`,
			mb(result.rssAfter),
		],
		[
			`${storedCount} stored lines: UI peak RSS (VmHWM) over the run`,
			mb(result.peak),
		],
	);
} else {
	rows.push(['UI in a terminal', 'skipped: no tmux']);
}

// A profile of 100,000 lines is about 70 MB: not left behind in the temp folder.
rmSync(empty, {recursive: true, force: true});
rmSync(full, {recursive: true, force: true});

const width = Math.max(...rows.map(([name]) => name.length));
process.stdout.write(
	`${rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')}\n`,
);

const reportDirectory = path.join(import.meta.dirname, 'reports');
mkdirSync(reportDirectory, {recursive: true});
const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
const report = [
	`# History benchmark, ${new Date().toISOString()}`,
	'',
	`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
	`Targets: start-up under 1 s, the UI under 150 MB with ${storedCount} stored lines.`,
	'',
	'| measure | result |',
	'| --- | --- |',
	...rows.map(([name, value]) => `| ${name} | ${value} |`),
	'',
].join('\n');
const file = path.join(reportDirectory, `history-${stamp}.md`);
writeFileSync(file, report);
process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
