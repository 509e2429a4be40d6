/**
 * Drive real terminals through tmux on a private server socket, so tests
 * never touch a user's own tmux sessions.
 */
import path from 'node:path';
import process from 'node:process';
import {execFileSync, spawnSync} from 'node:child_process';
import {cliPath, dataHome} from './cli-process.js';

export function hasTmux(): boolean {
	return !spawnSync('tmux', ['-V'], {stdio: 'ignore'}).error;
}

/**
 * The shell command a pane runs: the built CLI on 127.0.0.1:`port`, with
 * its own profile folder (`folder`, under the tests' data folder).
 */
export function nodeCommand(
	port: number,
	nick: string,
	folder: string,
	extra: readonly string[] = [],
): string {
	return [
		process.execPath,
		cliPath,
		'--host',
		'127.0.0.1',
		'--port',
		String(port),
		'--nick',
		nick,
		'--data-dir',
		path.join(dataHome, folder),
		...extra,
	]
		.map((arg) => `'${arg}'`)
		.join(' ');
}

export class Tmux {
	readonly socket = `p2p-chat-test-${process.pid}`;

	run(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	}

	/**
	 * A detached session `name`, `width` × `height`, running `command` (a
	 * program and its arguments, or one shell line), started in `cwd`.
	 */
	newSession(
		name: string,
		command: readonly string[],
		{
			width = 120,
			height = 30,
			cwd,
		}: {width?: number; height?: number; cwd?: string} = {},
	): void {
		this.run(
			'new-session',
			'-d',
			'-s',
			name,
			'-x',
			String(width),
			'-y',
			String(height),
			...(cwd === undefined ? [] : ['-c', cwd]),
			...command,
		);
	}

	/** The visible text of a pane. */
	capture(target: string): string {
		return this.run('capture-pane', '-p', '-t', target);
	}

	/** Type text, then press Enter as a separate key (the reliable form). */
	type(target: string, text: string): void {
		this.run('send-keys', '-t', target, '-l', text);
		this.run('send-keys', '-t', target, 'Enter');
	}

	kill(): void {
		spawnSync('tmux', ['-L', this.socket, 'kill-server'], {stdio: 'ignore'});
	}
}
