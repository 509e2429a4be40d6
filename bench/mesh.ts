/**
 * `npm run bench` (second part): the mesh. In the simulator (no sockets,
 * simulated time): convergence of 100 and 300 nodes, flooding's cost as the
 * papers measure it (reliability, RMR = m/(n-1) - 1, last delivery hop) and
 * failure detection. On loopback with real nodes: a 10-node chain started
 * the seed's way (each bootstraps from the one before) until every sidebar
 * lists all 10, signed lines per second carried end to end across the mesh,
 * and how long a killed (SIGKILL) and a frozen (SIGSTOP) node take to show
 * offline. Prints a table and writes bench/reports/mesh-<date>.md. Every loop
 * is bounded in count and time.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {createNode, type ChatNode, type NodeStats} from '../source/index.js';
import {Simulator} from '../test/helpers/simulator.js';
import {printAndWriteReport, type Row} from './table-report.js';

const rows: Row[] = [];
const deadlineMs = 60_000;

function simulate(count: number): void {
	const sim = new Simulator({seed: 7});
	const keys = [sim.addNode()];
	for (let index = 1; index < count; index++) {
		sim.run(10);
		keys.push(sim.addNode(keys[Math.floor(sim.random() * keys.length)]));
	}

	const converged = () =>
		sim
			.live()
			.every((node) => node.core.reachable().size === sim.live().length - 1);
	const took = sim.runUntil(converged, 300_000, 50);
	rows.push([
		`sim ${count} nodes: converged after the last join`,
		`${took} ms (simulated)`,
	]);
	const linkCounts = keys.map((key) => sim.linkCount(key));
	rows.push([
		`sim ${count} nodes: links per node (min / mean / max)`,
		`${Math.min(...linkCounts)} / ${(linkCounts.reduce((a, b) => a + b, 0) / count).toFixed(1)} / ${Math.max(...linkCounts)}`,
	]);
	const before = sim.traffic.messages;
	const ids = keys.slice(0, 20).map((key) => sim.publish(key));
	sim.run(10_000);
	const sent = sim.traffic.messages - before;
	let delivered = 0;
	for (const id of ids) delivered += sim.deliveries.get(id)!.size;
	const reliability = (100 * delivered) / (ids.length * (count - 1));
	const rmr = sent / ids.length / (count - 1) - 1;
	rows.push([
		`sim ${count} nodes: reliability / RMR (flooding)`,
		`${reliability.toFixed(1)} % / ${rmr.toFixed(2)}`,
	]);

	const victim = keys[Math.floor(count / 2)]!;
	sim.kill(victim);
	const killed = sim.runUntil(
		() => sim.live().every((node) => !node.core.reachable().has(victim)),
		60_000,
		10,
	);
	const frozen = keys[Math.floor(count / 3)]!;
	sim.freeze(frozen);
	const froze = sim.runUntil(
		() => sim.live().every((node) => !node.core.reachable().has(frozen)),
		60_000,
		10,
	);
	rows.push([
		`sim ${count} nodes: killed / frozen node offline everywhere`,
		`${killed} / ${froze} ms (simulated)`,
	]);
}

async function until(check: () => boolean, what: string): Promise<number> {
	const start = performance.now();
	for (let poll = 0; poll < deadlineMs / 5; poll++) {
		if (check()) return performance.now() - start;
		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}

	throw new Error(`bench: timed out waiting for ${what}`);
}

async function startNode(nick: string, bootstrap?: number) {
	const service = createNode({
		host: '127.0.0.1',
		nick,
		historyLimit: 50_000,
		bootstrap: bootstrap ? [{host: '127.0.0.1', port: bootstrap}] : [],
	});
	const {port} = await service.start();
	return {service, port};
}

function online(service: ChatNode): number {
	return service.snapshot().hosts.filter((host) => host.state === 'online')
		.length;
}

async function loopback(): Promise<void> {
	const count = 10;
	const start = performance.now();
	const nodes: Array<Awaited<ReturnType<typeof startNode>>> = [];
	for (let index = 0; index < count; index++) {
		// eslint-disable-next-line no-await-in-loop -- a chain: each from the one before
		nodes.push(await startNode(`n${index}`, nodes.at(-1)?.port));
	}

	await until(
		() => nodes.every((node) => online(node.service) === count - 1),
		'chain',
	);
	rows.push([
		`loopback ${count}-node chain: every sidebar lists all`,
		`${Math.round(performance.now() - start)} ms after the first start`,
	]);

	const lines = 5000;
	const first = nodes[0]!.service;
	const last = nodes.at(-1)!.service;
	const received = () => last.snapshot().counters.received;
	const base = received();
	const statsBefore = nodes.map((node) => node.service.stats());
	const sendStart = performance.now();
	for (let index = 0; index < lines; index++) {
		void first.send(`line ${index}`);
	}

	// Bounded: lines a relay dropped (below) never come.
	await until(() => received() - base >= lines, 'lines across the chain').catch(
		() => 0,
	);
	const seconds = (performance.now() - sendStart) / 1000;
	const arrived = received() - base;
	rows.push([
		`loopback ${count} nodes: signed lines/s, first to last node`,
		`${Math.round(arrived / seconds)} (${arrived} of ${lines} lines in ${seconds.toFixed(2)} s, each relayed to all ${count - 1})`,
	]);
	const grown = (key: 'chat' | 'delivered') => {
		let sum = 0;
		for (const [index, node] of nodes.entries()) {
			const before = statsBefore[index];
			sum += tally(node.service.stats(), key);
			sum -= before ? tally(before, key) : 0;
		}

		return sum;
	};

	// A burst of 5,000 lines from one author is more than a relay queues
	// for one author (node/inbound-turns.ts drops the excess and counts
	// it as rateLimited; catch-up brings it back to nodes with a history,
	// and these have none): the row says what arrived, whatever it is.
	const wanted = lines * (count - 1);
	await until(() => grown('delivered') >= wanted, 'lines at every node').catch(
		() => 0,
	);
	const dropped = nodes.reduce(
		(sum, node) => sum + node.service.stats().counters.rateLimited,
		0,
	);
	rows.push(
		[
			`loopback ${count} nodes: lines delivered at every node, of ${wanted}`,
			`${grown('delivered')} (copies dropped by relays' per-author queue limits: ${dropped})`,
		],
		[
			`loopback ${count} nodes: chat frames received per line delivered`,
			`${(grown('chat') / grown('delivered')).toFixed(2)} (before de-duplication)`,
		],
	);

	for (const signal of ['SIGKILL', 'SIGSTOP'] as const) {
		// eslint-disable-next-line no-await-in-loop
		const ms = await failure(nodes, signal);
		rows.push([
			`loopback: a ${signal === 'SIGKILL' ? 'killed' : 'frozen'} node shows offline everywhere`,
			`${ms} ms`,
		]);
	}

	await Promise.all(nodes.map(async (node) => node.service.stop()));
}

/** A node's chat frames received, or its lines delivered. */
function tally(stats: NodeStats, key: 'chat' | 'delivered'): number {
	return key === 'chat' ? stats.framesReceived.chat : stats.linesDelivered;
}

/** Start a CLI node in the mesh, stop it with `signal`, time until all show it offline. */
async function failure(
	nodes: ReadonlyArray<{service: ChatNode; port: number}>,
	signal: 'SIGKILL' | 'SIGSTOP',
): Promise<number> {
	const cli = path.join(import.meta.dirname, '..', 'dist', 'cli.js');
	const child = spawn(
		process.execPath,
		[
			cli,
			'--headless',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--nick',
			'victim',
			'--bootstrap',
			`127.0.0.1:${nodes[4]!.port}`,
		],
		{stdio: ['pipe', 'pipe', 'inherit']},
	);
	const isVictimOnline = (service: ChatNode) =>
		service
			.snapshot()
			.hosts.some(
				(host) =>
					host.kind === 'peer' &&
					host.nick === 'victim' &&
					host.state === 'online',
			);
	await until(
		() => nodes.every((node) => isVictimOnline(node.service)),
		'victim online',
	);
	const start = performance.now();
	child.kill(signal);
	await until(
		() => nodes.every((node) => !isVictimOnline(node.service)),
		`victim offline after ${signal}`,
	);
	const took = Math.round(performance.now() - start);
	child.kill('SIGKILL');
	return took;
}

simulate(100);
simulate(300);
await loopback();

printAndWriteReport('mesh', {
	title: 'Mesh benchmark',
	note: '',
	rows,
});
