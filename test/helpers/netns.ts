/**
 * Runs a test file again inside a network namespace of its own
 * (`unshare -n`, loopback up): tests that start DHT nodes run there, where
 * Hyperswarm can reach nothing but 127.0.0.1 (outside, it also tries this
 * machine's other interfaces, which tests must never do).
 *
 * A file calls `inNamespace()`: true in the re-run (define the tests),
 * false in the first run, which then defines one test that runs the file
 * in the namespace and passes when it does (skipped, with the reason, where
 * namespaces cannot be made).
 */
import {spawn, spawnSync} from 'node:child_process';
import process from 'node:process';
import test from 'node:test';
import assert from 'node:assert/strict';

const marker = 'P2P_CHAT_IN_NETNS';

/** Why a namespace cannot be made here, or undefined when it can. */
function namespaceProblem(): string | undefined {
	const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], {
		encoding: 'utf8',
		timeout: 5000,
	});
	if (probe.error) return probe.error.message;
	return probe.status === 0
		? undefined
		: probe.stderr.trim() || `exit ${probe.status}`;
}

/**
 * In the namespace: true. Outside: defines the test that re-runs `file`
 * (the caller's `import.meta.filename`) there, within `timeoutMs`, and
 * returns false.
 */
export function inNamespace(
	file: string,
	what: string,
	timeoutMs: number,
): boolean {
	if (process.env[marker] === '1') return true;
	test(
		`${what} (in a network namespace)`,
		{timeout: timeoutMs + 5000},
		async (t) => {
			const problem = namespaceProblem();
			if (problem !== undefined) {
				t.skip(`network namespaces unavailable: ${problem}`);
				return;
			}

			const child = spawn(
				'unshare',
				[
					'-n',
					'sh',
					'-c',
					'ip link set lo up && exec "$0" --import tsx --test "$1"',
					process.execPath,
					file,
				],
				{
					// Without the runner's own context variable: the re-run is a
					// test run of its own, not a child reporting to this one.
					env: {...withoutTestContext(process.env), [marker]: '1'},
					stdio: ['ignore', 'pipe', 'pipe'],
				},
			);
			let output = '';
			child.stdout.on('data', (chunk: Uint8Array) => {
				output += String(chunk);
			});
			child.stderr.on('data', (chunk: Uint8Array) => {
				output += String(chunk);
			});
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
			}, timeoutMs);
			const code = await new Promise<number | undefined>((resolve) => {
				child.on('close', resolve);
			});
			clearTimeout(timer);
			// The inner run's own report, so a failure shows what failed.
			t.diagnostic(
				output
					.split('\n')
					.filter((line) => /^\s*(not ok|ok|#)/.test(line))
					.join(' | '),
			);
			assert.equal(code, 0, output);
		},
	);
	return false;
}

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const copy = {...env};
	delete copy['NODE_TEST_CONTEXT'];
	return copy;
}
