/**
 * Catch-up as a user meets it (issue 11): a headless node frozen with
 * SIGSTOP while 100 lines are sent, long enough for its peer to give its
 * link up, prints all 100 soon after SIGCONT, in the order they were
 * written, each once. Two real processes on loopback, each with its own
 * profile folder.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'node:test';
import {ensureBuilt, startCli} from './helpers/cli-process.js';
import {waitFor} from './helpers/wait-for.js';

test.before(() => {
	ensureBuilt();
});

function headless(nick: string, extra: string[] = []) {
	const folder = mkdtempSync(path.join(os.tmpdir(), `p2p-chat-${nick}-`));
	const cli = startCli([
		'--headless',
		'--host',
		'127.0.0.1',
		'--port',
		'0',
		'--nick',
		nick,
		'--data-dir',
		folder,
		...extra,
	]);
	return cli;
}

test('a node frozen while 100 lines were sent prints every one after SIGCONT, in order, each once', async (t) => {
	const alice = headless('alice');
	t.after(() => alice.child.kill('SIGKILL'));
	const [, port] = await alice.waitForOutput(
		/^\[SERVER] Listening on port (\d+)$/m,
	);
	const bob = headless('bob', ['--bootstrap', `127.0.0.1:${port}`]);
	t.after(() => {
		bob.child.kill('SIGCONT');
		bob.child.kill('SIGKILL');
	});
	await waitFor(
		() => {
			alice.child.stdin?.write('are you there\n');
			return bob.stdout().includes('are you there');
		},
		{what: 'bob hears alice', intervalMs: 200},
	);

	bob.child.kill('SIGSTOP');
	const lines = Array.from({length: 100}, (_, index) => `line ${index}`);
	alice.child.stdin?.write(lines.map((line) => `${line}\n`).join(''));
	// Longer than the 8 s after which alice gives the silent link up.
	await sleep(9000);
	bob.child.kill('SIGCONT');

	const printed = () =>
		[
			...bob
				.stdout()
				.matchAll(
					/^\[SERVER] Received from \S+ \(alice·[\da-f]+\)(?: \(caught up\))?: (line \d+)$/gm,
				),
		].map((match) => match[1]);
	await waitFor(() => printed().length >= 100, {
		what: 'all 100 lines at bob',
		timeoutMs: 10_000,
	});
	assert.deepEqual(printed(), lines);
	assert.match(bob.stdout(), /\(caught up\): line \d+$/m);
});
