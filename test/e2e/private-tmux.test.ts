/**
 * Private lines, /me and /topic as a user meets them (issue 12: "send a
 * private message that the third pane never shows"): three nodes in tmux,
 * typed at, read from the screen.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import {closedPort} from '../helpers/legacy-peer.js';
import {dataHome, ensureBuilt} from '../helpers/cli-process.js';
import {hasTmux, nodeCommand, Tmux} from '../helpers/tmux.js';
import {waitFor} from '../helpers/wait-for.js';

const skip = hasTmux() ? false : 'tmux is not installed';

/** What a profile folder holds, every file, as Latin-1 (the database and its log). */
function profileText(nick: string): string {
	const folder = path.join(dataHome, nick);
	return readdirSync(folder)
		.map((name) => readFileSync(path.join(folder, name)).toString('latin1'))
		.join('');
}

test(
	'a private line shows on its two panes only; /query, /me and /topic as the screen shows them',
	{skip},
	async (t) => {
		ensureBuilt();
		const tmux = new Tmux();
		t.after(() => {
			tmux.kill();
		});
		const ports = [await closedPort(), await closedPort(), await closedPort()];
		const node = (index: number, nick: string) =>
			nodeCommand(
				ports[index] ?? 0,
				nick,
				nick,
				index === 0 ? [] : ['--bootstrap', `127.0.0.1:${ports[0]}`],
			);
		tmux.newSession('pm', [node(0, 'ann')]);
		tmux.run('new-window', '-t', 'pm', node(1, 'ben'));
		tmux.run('new-window', '-t', 'pm', node(2, 'cid'));
		const [ann, ben, cid] = ['pm:0', 'pm:1', 'pm:2'];
		await waitFor(() => tmux.capture(ann).includes('peers 2/2 online'), {
			what: 'ann to see both',
			timeoutMs: 10_000,
		});

		tmux.type(ann, '/msg cid the password is swordfish');
		await waitFor(() => tmux.capture(cid).includes('swordfish'), {
			what: 'the private line at cid',
			timeoutMs: 10_000,
		});
		assert.match(
			tmux.capture(cid),
			/\*ann·[\da-f]{8}\* \(private\) the password is swordfish/v,
		);
		// Ann's own screen draws it when Ink next renders: not always before cid's.
		await waitFor(
			() =>
				/-> \*cid·[\da-f]{8}\* \(private\) the password is swordfish/v.test(
					tmux.capture(ann),
				),
			{what: "the private line on ann's own screen", timeoutMs: 5000},
		);

		// A public line after it reaches ben; the private one never shows there.
		tmux.type(ann, '/me waves');
		await waitFor(() => tmux.capture(ben).includes('* ann waves'), {
			what: 'the action at ben',
			timeoutMs: 10_000,
		});
		assert.ok(!tmux.capture(ben).includes('swordfish'));
		assert.ok(
			!profileText('ben').includes('swordfish'),
			'nor does ben keep it',
		);
		assert.ok(profileText('cid').includes('swordfish'), 'cid keeps it');

		// A query: what cid types goes to ann only, and the status line says so.
		tmux.type(cid, '/query ann');
		await waitFor(() => /query ann·[\da-f]{8}/v.test(tmux.capture(cid)), {
			what: "the query in cid's status line",
			timeoutMs: 5000,
		});
		tmux.type(cid, 'got it, thanks');
		await waitFor(() => tmux.capture(ann).includes('got it, thanks'), {
			what: "cid's answer at ann",
			timeoutMs: 10_000,
		});
		assert.match(
			tmux.capture(ann),
			/\*cid·[\da-f]{8}\* \(private\) got it, thanks/v,
		);

		tmux.type(ben, '/topic release on friday');
		await waitFor(
			() => tmux.capture(ann).includes('topic: release on friday'),
			{
				what: "the topic in ann's status line",
				timeoutMs: 10_000,
			},
		);
		assert.ok(
			tmux.capture(ann).includes('* ben set the topic: release on friday'),
		);
		assert.ok(!tmux.capture(ben).includes('got it'));
	},
);
