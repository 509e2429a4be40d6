// Node 20's `--test` finds only *.test.js files in a folder and takes no
// globs, so list the TypeScript test files here and hand them over by name.
// Usage: node scripts/run-tests.js [folder-or-file ...]   (default: test/)
import process from 'node:process';
import {spawnSync} from 'node:child_process';
import {
	mkdtempSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

/**
 * Folders whose tests are pure (functions, the simulator, the UI on a fake
 * service: no sockets, no processes, nothing that another test's leftovers
 * could slow down). Each such folder runs in one process instead of one
 * per file: starting node and tsx and importing Ink takes about 0.4 s a
 * file, more than most of these files take to run. Everything else (real
 * sockets, real processes, tmux) keeps a process of its own.
 */
const sharedFolders = new Set([
	'test/commands',
	'test/protocol',
	'test/service',
	'test/ui',
	'test/view',
]);

function collect(target) {
	if (!statSync(target).isDirectory()) {
		return [target];
	}

	return readdirSync(target, {withFileTypes: true})
		.filter((entry) => entry.name !== 'helpers')
		.flatMap((entry) => {
			const full = path.join(target, entry.name);
			if (entry.isDirectory()) return collect(full);
			return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
		});
}

const targets = process.argv.slice(2);
const files = (targets.length > 0 ? targets : ['test'])
	.flatMap((target) => collect(target))
	.toSorted();
if (files.length === 0) {
	process.stderr.write('run-tests: no test files found\n');
	process.exit(1);
}

/**
 * Replace each shared folder's files by one entry file that imports them
 * (a folder with one file keeps its file): `node --test` runs each file it
 * is given in a process of its own.
 */
function batch(list) {
	const groups = new Map();
	for (const file of list) {
		const folder = path.relative('.', path.dirname(file));
		const key = sharedFolders.has(folder) ? folder : file;
		groups.set(key, [...(groups.get(key) ?? []), file]);
	}

	let scratch;
	const entries = [];
	for (const [key, group] of groups) {
		if (group.length === 1) {
			entries.push(group[0]);
			continue;
		}

		if (scratch === undefined) {
			scratch = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-tests-'));
			process.on('exit', () => {
				rmSync(scratch, {recursive: true, force: true});
			});
		}

		const entry = path.join(scratch, `${key.replaceAll('/', '-')}.test.mjs`);
		const imports = group.map(
			(file) =>
				`import ${JSON.stringify(pathToFileURL(path.resolve(file)).href)};\n`,
		);
		writeFileSync(entry, imports.join(''));
		entries.push(entry);
	}

	return entries;
}

// With CI set, Ink draws only the last frame, at exit; the UI tests drive a
// live UI (and start nodes in tmux), so they run without it.
const {
	CI: _ci,
	CONTINUOUS_INTEGRATION: _continuous,
	...environment
} = process.env;
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', '--test-concurrency=1', ...batch(files)],
	{stdio: 'inherit', env: environment},
);
process.exit(result.status ?? 1);
