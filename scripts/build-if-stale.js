// Rebuilds dist/ when any file in source/ is newer than dist/cli.js, so
// `npm start` and `npm run demo` always run the code that is checked out.
import process from 'node:process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function newestMtime(directory) {
	let newest = 0;
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		const time = entry.isDirectory()
			? newestMtime(full)
			: statSync(full).mtimeMs;
		newest = Math.max(newest, time);
	}

	return newest;
}

function builtAt() {
	try {
		return statSync(path.join(root, 'dist', 'cli.js')).mtimeMs;
	} catch {
		return 0;
	}
}

const sources = Math.max(
	newestMtime(path.join(root, 'source')),
	statSync(path.join(root, 'tsconfig.build.json')).mtimeMs,
	statSync(path.join(root, 'package-lock.json')).mtimeMs,
);
if (sources > builtAt()) {
	process.stderr.write(
		'p2p-chat: building (source changed since the last build)...\n',
	);
	// Loaded only to build: `npm start` on a built tree skips its 7 ms.
	const {execFileSync} = await import('node:child_process');
	execFileSync(
		process.execPath,
		[
			path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
			'-p',
			'tsconfig.build.json',
		],
		{
			cwd: root,
			stdio: 'inherit',
		},
	);
	execFileSync(
		process.execPath,
		[path.join(root, 'scripts', 'bundle-cli.js')],
		{
			cwd: root,
			stdio: 'inherit',
		},
	);
}
