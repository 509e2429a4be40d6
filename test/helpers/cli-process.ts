/**
 * Spawn the built CLI (`dist/cli.js`) as a user would, with every wait
 * bounded. `ensureBuilt` rebuilds when sources changed, so a single test file
 * can run on its own.
 */
import {Buffer} from 'node:buffer';
import process from 'node:process';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {waitFor} from './wait-for.js';

export const root = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	'../..',
);
export const cliPath = path.join(root, 'dist', 'cli.js');

/**
 * Profiles (identity keys) of spawned nodes go to a throwaway folder, never
 * into the real user's data folder.
 */
export const dataHome = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-test-'));
process.on('exit', () => {
	try {
		rmSync(dataHome, {recursive: true, force: true, maxRetries: 3});
	} catch {
		// A node still closing (a tmux pane's, say) may be writing its
		// history there; a leftover temporary folder must not fail the run.
	}
});

function childEnvironment(
	extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
	const environment: NodeJS.ProcessEnv = {
		...process.env,
		// eslint-disable-next-line @typescript-eslint/naming-convention -- an environment variable
		XDG_DATA_HOME: dataHome,
		...extra,
	};
	// A secret in the developer's shell must not leak into the tests' nodes.
	if (!('P2P_CHAT_SECRET' in extra)) delete environment['P2P_CHAT_SECRET'];
	return environment;
}

export function ensureBuilt(): void {
	const result = spawnSync(
		process.execPath,
		[path.join(root, 'scripts', 'build-if-stale.js')],
		{stdio: 'inherit'},
	);
	if (result.status !== 0) throw new Error('build failed');
}

/** Run the CLI to completion (bounded) and collect its output. */
export async function runCli(
	args: string[],
	{
		input,
		timeoutMs = 10_000,
		env,
	}: {input?: string; timeoutMs?: number; env?: Record<string, string>} = {},
): Promise<{status: number | undefined; stdout: string; stderr: string}> {
	const child = spawn(process.execPath, [cliPath, ...args], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: childEnvironment(env),
	});
	const running = watch(child);
	if (input === undefined) {
		child.stdin.end();
	} else {
		child.stdin.end(input);
	}

	const timer = setTimeout(() => {
		child.kill('SIGKILL');
	}, timeoutMs);
	const status = await new Promise<number | undefined>((resolve) => {
		child.on('exit', (code) => {
			resolve(code ?? undefined);
		});
	});
	clearTimeout(timer);
	return {status, stdout: running.stdout(), stderr: running.stderr()};
}

/** A long-running CLI process whose output can be awaited line by line. */
export type CliProcess = {
	readonly child: ChildProcess;
	stdout(): string;
	stderr(): string;
	waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
	exited(timeoutMs?: number): Promise<number | undefined>;
};

export function startCli(args: string[]): CliProcess {
	const child = spawn(process.execPath, [cliPath, ...args], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: childEnvironment(),
	});
	const running = watch(child);
	const exit = new Promise<number | undefined>((resolve) => {
		child.on('exit', (code) => {
			resolve(code ?? undefined);
		});
	});
	return {
		child,
		...running,
		async waitForOutput(pattern, timeoutMs = 5000) {
			return waitFor(() => pattern.exec(running.stdout()) ?? undefined, {
				timeoutMs,
				what: `output ${pattern}`,
			});
		},
		async exited(timeoutMs = 5000) {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
			}, timeoutMs);
			const code = await exit;
			clearTimeout(timer);
			return code;
		},
	};
}

function watch(child: ChildProcess) {
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Uint8Array) => {
		stdout += Buffer.from(chunk).toString('utf8');
	});
	child.stderr?.on('data', (chunk: Uint8Array) => {
		stderr += Buffer.from(chunk).toString('utf8');
	});
	return {stdout: () => stdout, stderr: () => stderr};
}
