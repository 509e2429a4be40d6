// Node 20's `--test` finds only *.test.js files in a folder and takes no
// globs, so list the TypeScript test files here and hand them over by name.
// Usage: node scripts/run-tests.js [folder-or-file ...]   (default: test/)
import process from 'node:process';
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';

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

// With CI set, Ink draws only the last frame, at exit; the UI tests drive a
// live UI (and start nodes in tmux), so they run without it.
const {
	CI: _ci,
	CONTINUOUS_INTEGRATION: _continuous,
	...environment
} = process.env;
const result = spawnSync(
	process.execPath,
	['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
	{stdio: 'inherit', env: environment},
);
process.exit(result.status ?? 1);
