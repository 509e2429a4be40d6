/**
 * Real nodes in this process on loopback (127.0.0.1, ports the kernel
 * picks): each joins through a random earlier node, as people would, and
 * the mesh is ready when every node lists all others online. Every wait
 * is bounded.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createNode, type ChatNode} from '../../source/index.js';
import {meshOverrides, type Strategy} from './strategy.js';

/** Quiet time between convergence and the first load. */
export const settleMs = 5000;

export type SocketMesh = {
	readonly nodes: readonly ChatNode[];
	/** Seconds from the first start until every node listed all others online. */
	readonly convergedS: number;
	/** The temporary folder of the nodes' histories, if they keep them. */
	readonly folder: string | undefined;
};

/** Poll `check` every `intervalMs` until it holds; throw after `timeoutMs`. */
export async function until(
	check: () => boolean,
	what: string,
	timeoutMs: number,
	intervalMs = 20,
): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	// Bounded by the deadline.
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`report: timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop -- polling
		await new Promise((resolve) => {
			setTimeout(resolve, intervalMs);
		});
	}
}

function online(node: ChatNode): number {
	return node.snapshot().hosts.filter((host) => host.state === 'online').length;
}

/**
 * Start `count` nodes flooding or on Plumtree, each with a history (SQLite
 * in a temporary folder, as the CLI keeps by default) when `history` says
 * so; resolves once they converged.
 */
export async function startMesh(
	count: number,
	strategy: Strategy,
	random: () => number,
	history: boolean,
): Promise<SocketMesh> {
	const started = performance.now();
	const folder = history
		? mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-report-'))
		: undefined;
	const nodes: ChatNode[] = [];
	const ports: number[] = [];
	for (let index = 0; index < count; index++) {
		const via = ports[Math.floor(random() * ports.length)];
		const node = createNode({
			host: '127.0.0.1',
			nick: `n${index}`,
			historyLimit: 5000,
			bootstrap: via === undefined ? [] : [{host: '127.0.0.1', port: via}],
			mesh: meshOverrides(strategy),
			...(folder === undefined
				? {}
				: {history: true, dataDir: path.join(folder, `n${index}`)}),
		});
		nodes.push(node);
		// eslint-disable-next-line no-await-in-loop -- each joins through an earlier one
		const {port} = await node.start();
		ports.push(port);
	}

	await until(
		() => nodes.every((node) => online(node) === count - 1),
		`${count} nodes to converge`,
		120_000,
		250,
	);
	const convergedS = (performance.now() - started) / 1000;
	// Let the last announcements settle before measuring (2 s was too
	// little for 50 nodes: the event loop was still busy with them).
	await new Promise((resolve) => {
		setTimeout(resolve, settleMs);
	});
	return {nodes, convergedS, folder};
}

export async function stopMesh(mesh: SocketMesh): Promise<void> {
	await Promise.all(mesh.nodes.map(async (node) => node.stop()));
	if (mesh.folder !== undefined) {
		rmSync(mesh.folder, {recursive: true, force: true});
	}
}
