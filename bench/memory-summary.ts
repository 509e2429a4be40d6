/**
 * Reads what the hostile bench's diagnosis writes (bench/memory-diagnosis.ts)
 * and says where the memory is:
 *
 * - a `.heapsnapshot` (HOSTILE_SNAPSHOT): self size by kind and name, then
 *   the objects of at least `--min` bytes (default 8,000) grouped by the
 *   path that holds them (the first few retainers, indices left out);
 * - a `.heapprofile` (HOSTILE_ALLOC): bytes allocated by the nearest frame
 *   of our own source (`source/`), then by whole stacks.
 *
 * `node --import tsx bench/memory-summary.ts FILE [--min BYTES]`. A
 * diagnosis, run by hand: nothing in `npm run bench` calls it.
 */
import {readFileSync} from 'node:fs';
import process from 'node:process';

type Snapshot = {
	readonly snapshot: {
		readonly meta: {
			readonly node_fields: string[];
			readonly node_types: [string[], ...unknown[]];
			readonly edge_fields: string[];
			readonly edge_types: [string[], ...unknown[]];
		};
	};
	readonly nodes: number[];
	readonly edges: number[];
	readonly strings: string[];
};

type CallFrame = {
	readonly functionName: string;
	readonly url: string;
	readonly lineNumber: number;
};
type ProfileNode = {
	readonly callFrame: CallFrame;
	readonly selfSize: number;
	readonly children: ProfileNode[];
};

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(7);

function top(title: string, sizes: Map<string, number>, count = 20): void {
	process.stdout.write(`\n${title}\n`);
	for (const [key, bytes] of [...sizes]
		.toSorted(([, a], [, b]) => b - a)
		.slice(0, count)) {
		process.stdout.write(`${mb(bytes)} MB  ${key}\n`);
	}
}

function add(sizes: Map<string, number>, key: string, bytes: number): void {
	sizes.set(key, (sizes.get(key) ?? 0) + bytes);
}

function summariseSnapshot(heap: Snapshot, minBytes: number): void {
	const {meta} = heap.snapshot;
	const nodeWidth = meta.node_fields.length;
	const edgeWidth = meta.edge_fields.length;
	const field = (name: string) => meta.node_fields.indexOf(name);
	const [type, name, size, edgeCount] = [
		field('type'),
		field('name'),
		field('self_size'),
		field('edge_count'),
	];
	const edgeType = meta.edge_fields.indexOf('type');
	const edgeName = meta.edge_fields.indexOf('name_or_index');
	const edgeTo = meta.edge_fields.indexOf('to_node');
	const count = heap.nodes.length / nodeWidth;
	const kindOf = (node: number) =>
		meta.node_types[0][heap.nodes[node * nodeWidth + type]!]!;
	const nameOf = (node: number) => {
		const kind = kindOf(node);
		if (kind.includes('string') || kind === 'code') return `(${kind})`;
		return heap.strings[heap.nodes[node * nodeWidth + name]!]!.slice(0, 50);
	};

	// Who holds each node: the first retainer that is not a weak edge.
	const holder = new Int32Array(count).fill(-1);
	const holderEdge = new Int32Array(count).fill(-1);
	let edge = 0;
	for (let node = 0; node < count; node++) {
		const edges = heap.nodes[node * nodeWidth + edgeCount]!;
		for (let index = 0; index < edges; index++, edge += edgeWidth) {
			const kind = meta.edge_types[0][heap.edges[edge + edgeType]!];
			const to = heap.edges[edge + edgeTo]! / nodeWidth;
			if (kind === 'weak' || holder[to] !== -1) continue;
			holder[to] = node;
			holderEdge[to] = edge;
		}
	}

	const edgeLabel = (at: number) => {
		const kind = meta.edge_types[0][heap.edges[at + edgeType]!];
		return kind === 'element' || kind === 'hidden'
			? '[n]'
			: `.${heap.strings[heap.edges[at + edgeName]!]}`;
	};

	const bySelf = new Map<string, number>();
	const byPath = new Map<string, number>();
	let total = 0;
	for (let node = 0; node < count; node++) {
		const bytes = heap.nodes[node * nodeWidth + size]!;
		total += bytes;
		add(bySelf, `${kindOf(node)} ${nameOf(node)}`, bytes);
		if (bytes < minBytes) continue;
		const path: string[] = [];
		for (let at = node, depth = 0; depth < 5 && holder[at]! >= 0; depth++) {
			path.push(`${edgeLabel(holderEdge[at]!)} <- ${nameOf(holder[at]!)}`);
			at = holder[at]!;
		}

		add(byPath, `${nameOf(node)} ${path.join(' ')}`, bytes);
	}

	process.stdout.write(`${mb(total)} MB in ${count} objects\n`);
	top('self size by kind and name', bySelf);
	top(`objects of ${minBytes} bytes or more, by what holds them`, byPath, 12);
}

function summariseProfile(head: ProfileNode): void {
	const ours = new Map<string, number>();
	const stacks = new Map<string, number>();
	const label = (frame: CallFrame) =>
		`${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(?=source\/|node_modules\/)/v, '')}:${frame.lineNumber + 1}`;
	let total = 0;
	const walk = (node: ProfileNode, stack: CallFrame[]) => {
		const frames = [...stack, node.callFrame];
		if (node.selfSize > 0) {
			total += node.selfSize;
			const own = frames.findLast((frame) => frame.url.includes('/source/'));
			add(ours, own ? label(own) : '(no frame of ours)', node.selfSize);
			add(
				stacks,
				frames
					.toReversed()
					.slice(0, 5)
					.map((frame) => label(frame))
					.join(' < '),
				node.selfSize,
			);
		}

		for (const child of node.children) walk(child, frames);
	};

	walk(head, []);
	process.stdout.write(`${mb(total)} MB allocated (sampled)\n`);
	top('by the nearest frame of ours', ours);
	top('by stack', stacks, 12);
}

const [file, flag, value] = process.argv.slice(2);
if (file === undefined) {
	throw new Error(
		'usage: node --import tsx bench/memory-summary.ts FILE [--min BYTES]',
	);
}

const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
if (file.endsWith('.heapprofile')) {
	// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- V8's format
	summariseProfile((parsed as {head: ProfileNode}).head);
} else {
	summariseSnapshot(
		// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- V8's format
		parsed as Snapshot,
		flag === '--min' ? Number(value) : 8000,
	);
}
