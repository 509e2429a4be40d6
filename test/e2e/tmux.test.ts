import test from 'node:test';
import assert from 'node:assert/strict';
import {closedPort} from '../helpers/legacy-peer.js';
import {ensureBuilt} from '../helpers/cli-process.js';
import {hasTmux, nodeCommand, Tmux} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

const skip = hasTmux() ? false : 'tmux is not installed';

test(
	'three nodes in tmux, started as a chain: each sidebar lists the others, lines reach everyone, a quit is shown',
	{skip},
	async (t) => {
		ensureBuilt();
		const tmux = new Tmux();
		t.after(() => {
			tmux.kill();
		});
		const portA = await closedPort();
		const portB = await closedPort();
		const portC = await closedPort();
		const node = (port: number, nick: string, extra: string[] = []) =>
			nodeCommand(port, nick, nick, extra);

		tmux.newSession('e2e', [node(portA, 'alice')]);
		tmux.run(
			'new-window',
			'-t',
			'e2e',
			node(portB, 'bob', ['--bootstrap', `127.0.0.1:${portA}`]),
		);
		tmux.run(
			'new-window',
			'-t',
			'e2e',
			node(portC, 'carol', ['--bootstrap', `127.0.0.1:${portB}`]),
		);
		const a = 'e2e:0';
		const b = 'e2e:1';
		const c = 'e2e:2';

		// Bob's sidebar shows alice online (an encrypted link) before anyone types.
		await waitFor(() => tmux.capture(b).includes('online'), {
			what: 'the sidebar in pane B',
			timeoutMs: 10_000,
		});
		assert.match(
			tmux.capture(b),
			new RegExp(String.raw`127\.0\.0\.1:${portA}`),
		);

		tmux.type(b, 'hello from bob');
		await waitFor(() => tmux.capture(a).includes('hello from bob'), {
			what: 'the line in pane A',
			timeoutMs: 10_000,
		});
		assert.match(
			tmux.capture(a),
			new RegExp(String.raw`127\.0\.0\.1:${portB}`),
			'A learned B from its link',
		);

		tmux.type(a, 'hi bob, alice here');
		await waitFor(() => tmux.capture(b).includes('hi bob, alice here'), {
			what: 'the reply in pane B',
			timeoutMs: 10_000,
		});

		// Carol knew only bob; alice learns her from bob, and her lines reach alice.
		await waitFor(() => tmux.capture(a).includes('carol·'), {
			what: 'carol in the sidebar of pane A',
			timeoutMs: 10_000,
		});
		tmux.type(c, 'carol at the end of the chain');
		await waitFor(
			() => tmux.capture(a).includes('carol at the end of the chain'),
			{what: "carol's line in pane A", timeoutMs: 10_000},
		);
		// Carol's link to bob counts once both announced it (within a tick).
		await waitFor(() => tmux.capture(a).includes('peers 2/2 online'), {
			what: 'both peers online in pane A',
			timeoutMs: 3000,
		});

		// /quit ends the node and leaves the alternate screen: the window
		// closes, and the others are told at once.
		tmux.type(b, '/quit');
		await waitFor(
			() =>
				!tmux
					.run('list-windows', '-t', 'e2e', '-F', '#{window_index}')
					.split('\n')
					.includes('1'),
			{
				what: 'pane B to exit',
				timeoutMs: 5000,
			},
		);
		await waitFor(() => /bob·[\da-f]{8} left\./v.test(tmux.capture(a)), {
			what: 'the goodbye in pane A',
			timeoutMs: 5000,
		});
	},
);
