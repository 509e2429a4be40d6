/**
 * Attention and terminal manners in real terminals (tmux): alice runs in an
 * interactive shell, as a person would, with NO_COLOR set. Bob mentions
 * her: her pane has the line marked and not one colour, the bell rings,
 * the title counts it. Stopped from outside (SIGSTOP) and brought back
 * with `fg`, her terminal reads keys again (the shell had put it back in
 * line mode). `/quit MESSAGE` reaches bob before her goodbye.
 */
import process from 'node:process';
import {execFileSync} from 'node:child_process';
import test from 'node:test';
import assert from 'node:assert/strict';
import {closedPort} from '../helpers/legacy-peer.js';
import {ensureBuilt} from '../helpers/cli-process.js';
import {hasTmux, nodeCommand, Tmux} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

const skip = hasTmux() ? false : 'tmux is not installed';

/** `icanon` (line mode) or `-icanon` (raw), as stty reports the pane's terminal. */
function lineMode(tty: string): string {
	const settings = execFileSync('stty', ['-a', '-F', tty], {encoding: 'utf8'});
	return /(?:^|\s)(-?icanon)(?:\s|$)/v.exec(settings)?.[1] ?? 'unknown';
}

test(
	'a mention in tmux: marked without colour under NO_COLOR, a bell, a title; SIGSTOP and fg leave the terminal usable; /quit MESSAGE',
	{skip},
	async (t) => {
		ensureBuilt();
		const tmux = new Tmux();
		t.after(() => {
			tmux.kill();
		});
		const portA = await closedPort();
		const portB = await closedPort();
		const node = (port: number, nick: string, extra: string[] = []) =>
			nodeCommand(port, nick, `manners-${nick}`, extra);

		tmux.newSession('manners', ['bash --norc --noprofile -i']);
		const a = 'manners:0';
		tmux.type(a, `PS1='$ '; NO_COLOR=1 ${node(portA, 'alice')}`);
		await waitFor(() => tmux.capture(a).includes('alice·'), {
			what: 'alice running',
			timeoutMs: 10_000,
		});
		tmux.run(
			'new-window',
			'-t',
			'manners',
			node(portB, 'bob', ['--bootstrap', `127.0.0.1:${portA}`]),
		);
		const b = 'manners:1';
		await waitFor(() => tmux.capture(b).includes('online'), {
			what: 'bob linked',
			timeoutMs: 10_000,
		});

		tmux.type(b, 'alice: are you there?');
		await waitFor(() => tmux.capture(a).includes('alice: are you there?'), {
			what: 'the mention at alice',
			timeoutMs: 10_000,
		});
		assert.match(
			tmux.capture(a),
			/\d\d:\d\d:\d\d»<bob> alice: are you there\?/v,
		);
		const coloured = tmux.run('capture-pane', '-p', '-e', '-t', a);
		assert.ok(!coloured.includes('\u001B['), 'NO_COLOR: no escape sequence');
		const flags = () =>
			tmux.run('display', '-p', '-t', a, '#{window_bell_flag}|#{pane_title}');
		await waitFor(() => flags() === '1|[1 · 1 mention] p2p-chat · alice\n', {
			what: `the bell and the title (${flags()})`,
			timeoutMs: 3000,
		});

		// Stopped from outside: the shell takes the terminal back (line mode).
		const shell = tmux.run('display', '-p', '-t', a, '#{pane_pid}').trim();
		const tty = tmux.run('display', '-p', '-t', a, '#{pane_tty}').trim();
		const alice = execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'})
			.trim()
			.split('\n')[0];
		process.kill(Number(alice), 'SIGSTOP');
		await waitFor(() => tmux.capture(a).includes('Stopped'), {
			what: 'the shell to see alice stopped',
			timeoutMs: 5000,
		});
		tmux.type(a, 'fg');
		await waitFor(() => lineMode(tty) === '-icanon', {
			what: `raw mode again after fg (${lineMode(tty)})`,
			timeoutMs: 5000,
		});
		await waitFor(() => tmux.capture(a).includes('peers 1/1 online'), {
			what: 'the screen drawn again',
			timeoutMs: 5000,
		});
		tmux.run('send-keys', '-t', a, '-l', 'typed after fg');
		await waitFor(() => tmux.capture(a).includes('› typed after fg'), {
			what: 'keys read by the input box, not echoed by the terminal',
			timeoutMs: 3000,
		});
		tmux.run('send-keys', '-t', a, 'C-u');

		tmux.type(a, '/quit see you later');
		await waitFor(() => tmux.capture(b).includes('<alice> see you later'), {
			what: "alice's farewell at bob",
			timeoutMs: 5000,
		});
		await waitFor(() => /alice·[\da-f]{8} left\./v.test(tmux.capture(b)), {
			what: 'her goodbye after it',
			timeoutMs: 5000,
		});
	},
);
