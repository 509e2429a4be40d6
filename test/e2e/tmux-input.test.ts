/**
 * The input box in a real terminal (tmux): Tab completes a nick; the paste
 * that used to kill the node (`esc \e[31mRED\e[0m`, issue 12) is typed as
 * its text and sent; a bracketed paste of several lines waits for Enter;
 * Ctrl-C clears a typed line and quits only on an empty one, leaving the
 * terminal without bracketed paste.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {closedPort} from '../helpers/legacy-peer.js';
import {ensureBuilt} from '../helpers/cli-process.js';
import {hasTmux, nodeCommand, Tmux} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

const skip = hasTmux() ? false : 'tmux is not installed';

test(
	'in tmux: Tab completes a nick, a paste with colour codes is sent as its text, a paste of lines waits, Ctrl-C clears the line before it quits',
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
			nodeCommand(port, nick, `input-${nick}`, extra);

		// Alice's pane goes on with `cat -v` after the node exits, to show
		// what a paste looks like to the shell then.
		tmux.newSession('input', [`${node(portA, 'alice')}; exec cat -v`]);
		tmux.run(
			'new-window',
			'-t',
			'input',
			node(portB, 'bob', ['--bootstrap', `127.0.0.1:${portA}`]),
		);
		const a = 'input:0';
		const b = 'input:1';
		await waitFor(() => tmux.capture(a).includes('peers 1/1 online'), {
			what: 'bob online in pane A',
			timeoutMs: 10_000,
		});

		// Tab completes bob's nick, first on the line as "bob: ".
		tmux.run('send-keys', '-t', a, '-l', 'bo');
		tmux.run('send-keys', '-t', a, 'Tab');
		await waitFor(() => tmux.capture(a).includes('› bob: '), {
			what: 'the nick completed',
		});
		tmux.run('send-keys', '-t', a, '-l', 'tab done');
		tmux.run('send-keys', '-t', a, 'Enter');
		await waitFor(() => tmux.capture(b).includes('<alice> bob: tab done'), {
			what: 'the completed line in pane B',
			timeoutMs: 10_000,
		});

		// What crashed Ink 6.8's useInput: typed as one burst, no paste markers.
		tmux.run('send-keys', '-t', a, '-l', 'esc \u001B[31mRED\u001B[0m');
		await waitFor(() => tmux.capture(a).includes('› esc RED'), {
			what: 'the text in the line',
		});
		tmux.run('send-keys', '-t', a, 'Enter');
		await waitFor(() => tmux.capture(b).includes('<alice> esc RED'), {
			what: 'the line in pane B',
			timeoutMs: 10_000,
		});

		// A bracketed paste (tmux adds the markers because the UI asked for
		// them) of two lines with colour codes: it waits for Enter.
		tmux.run(
			'set-buffer',
			'-b',
			'input-test',
			'one \u001B[32mgreen\u001B[0m\ntwo\n',
		);
		tmux.run('paste-buffer', '-p', '-b', 'input-test', '-t', a);
		await waitFor(() => tmux.capture(a).includes('Paste of 2 lines'), {
			what: 'the paste question',
		});
		assert.ok(!tmux.capture(b).includes('one green'), 'nothing sent yet');
		tmux.run('send-keys', '-t', a, 'Enter');
		await waitFor(
			() =>
				tmux.capture(b).includes('<alice> one green') &&
				tmux.capture(b).includes('<alice> two'),
			{what: 'both pasted lines in pane B', timeoutMs: 10_000},
		);

		// Ctrl-C on a typed line clears it; the node stays.
		tmux.run('send-keys', '-t', a, '-l', 'half a thought');
		await waitFor(() => tmux.capture(a).includes('› half a thought'), {
			what: 'the typed line',
		});
		tmux.run('send-keys', '-t', a, 'C-c');
		await waitFor(() => tmux.capture(a).includes('› Type a message'), {
			what: 'the line cleared',
		});
		assert.ok(tmux.capture(a).includes('peers 1/1 online'), 'still running');
		// Up brings back what was sent (not the half line, nor the paste).
		tmux.run('send-keys', '-t', a, 'Up');
		await waitFor(() => tmux.capture(a).includes('› esc RED'), {
			what: 'the line recalled',
		});

		// Ctrl-C twice more: the line, then the empty line quits. The shell
		// gets a terminal without bracketed paste: no markers around a paste.
		tmux.run('send-keys', '-t', a, 'C-c');
		tmux.run('send-keys', '-t', a, 'C-c');
		await waitFor(() => /alice·[\da-f]{8} left\./v.test(tmux.capture(b)), {
			what: 'the goodbye in pane B',
			timeoutMs: 5000,
		});
		await waitFor(() => !tmux.capture(a).includes('peers 1/1'), {
			what: 'pane A back from the alternate screen',
		});
		tmux.run('set-buffer', '-b', 'input-test', 'after exit');
		tmux.run('paste-buffer', '-p', '-b', 'input-test', '-t', a);
		await waitFor(() => tmux.capture(a).includes('after exit'), {
			what: 'the paste in cat',
		});
		assert.ok(!tmux.capture(a).includes('[200~'), tmux.capture(a));
	},
);
