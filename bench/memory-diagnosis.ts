/**
 * Memory diagnosis for the hostile bench's nodes (bench/hostile-node.ts),
 * off unless asked for: where a node's resident memory is
 * (HOSTILE_MAPS=1), heap snapshots (HOSTILE_SNAPSHOT) and allocation
 * profiles (HOSTILE_ALLOC). V8's sampling heap profiler is run over the
 * inspector counting collected objects too, so a phase's profile says
 * which code allocated the garbage that grows the heap, not only what is
 * live at its end; it is written as a .heapprofile (Chrome's devtools
 * open it).
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {Session} from 'node:inspector';
import path from 'node:path';
import {writeHeapSnapshot} from 'node:v8';

/** The requests this answers (bench/hostile-ipc.ts). */
export type DiagnosisRequest =
	| {readonly type: 'alloc-start'}
	| {readonly type: 'alloc-stop'; readonly file: string}
	| {readonly type: 'heap-snapshot'; readonly file: string};

export class AllocationSampler {
	#session: Session | undefined;

	async handle(request: DiagnosisRequest): Promise<unknown> {
		switch (request.type) {
			case 'alloc-start': {
				await this.#start();
				return {};
			}

			case 'alloc-stop': {
				await this.#stop(request.file);
				return {};
			}

			case 'heap-snapshot': {
				return {file: writeHeapSnapshot(request.file)};
			}
		}
	}

	async #start(): Promise<void> {
		this.#session ??= new Session();
		this.#session.connect();
		await this.#post('HeapProfiler.startSampling', {
			samplingInterval: 16_384,
			/* eslint-disable @typescript-eslint/naming-convention -- the inspector's names */
			includeObjectsCollectedByMajorGC: true,
			includeObjectsCollectedByMinorGC: true,
			/* eslint-enable @typescript-eslint/naming-convention */
		});
	}

	async #stop(file: string): Promise<void> {
		const result = await this.#post('HeapProfiler.stopSampling', {});
		writeFileSync(file, JSON.stringify(result?.['profile']));
		this.#session?.disconnect();
	}

	async #post(
		method: string,
		parameters: Record<string, unknown>,
	): Promise<Record<string, unknown> | undefined> {
		const session = this.#session;
		if (!session) throw new Error('sampler not started');
		return new Promise((resolve, reject) => {
			session.post(method, parameters, (error, result) => {
				if (error) reject(error);
				else resolve(result && Object.fromEntries(Object.entries(result)));
			});
		});
	}
}

/**
 * Diagnosis (HOSTILE_MAPS=1): this process's resident memory by kind of
 * mapping, from /proc/self/smaps, in MB: the brk heap (glibc's main
 * arena), anonymous mappings (V8's heap pages, other malloc arenas,
 * thread stacks), by size, and files (code, SQLite's shared memory).
 */
export function residentMaps(): Record<string, number> {
	const result: Record<string, number> = {};
	let text: string;
	try {
		text = readFileSync('/proc/self/smaps', 'utf8');
	} catch {
		return result;
	}

	let kind = '';
	for (const line of text.split('\n')) {
		const header = /^([\da-f]+)-([\da-f]+) \S+ \S+ \S+ \S+\s*(.*)$/v.exec(line);
		if (header) {
			const size =
				(Number.parseInt(header[2]!, 16) - Number.parseInt(header[1]!, 16)) /
				1024 /
				1024;
			const name = header[3] ?? '';
			kind =
				name === ''
					? `anon ${size >= 32 ? '>=32M' : size >= 1 ? '1-32M' : '<1M'}`
					: name.startsWith('/')
						? `file ${path.basename(name)}`
						: name;
			continue;
		}

		const rss = /^Rss:\s+(\d+) kB/v.exec(line);
		if (rss) result[kind] = (result[kind] ?? 0) + Number(rss[1]) / 1024;
	}

	return Object.fromEntries(
		Object.entries(result)
			.filter(([, mb]) => mb >= 1)
			.map(([kind, mb]) => [kind, Math.round(mb)]),
	);
}
