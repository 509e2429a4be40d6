/**
 * A running node is listed as `p2p-chat`, and a `--secret` given on the
 * command line does not stay readable in the process list (`ps`,
 * /proc/PID/cmdline) for as long as the node runs. Linux.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import test from 'node:test';
import {ensureBuilt, startCli} from './helpers/cli-process.js';

test.before(() => {
	ensureBuilt();
});

test('a running node is listed as p2p-chat, without the secret it was given', async (t) => {
	const secret = 'correct-horse-battery-staple';
	const node = startCli([
		'--headless',
		'--host',
		'127.0.0.1',
		'--port',
		'0',
		'--secret',
		secret,
	]);
	t.after(() => node.child.kill('SIGKILL'));
	await node.waitForOutput(/^\[SERVER] Listening on port \d+$/m);
	const commandLine = readFileSync(`/proc/${node.child.pid}/cmdline`, 'utf8');
	assert.match(commandLine, /^p2p-chat/v);
	assert.ok(!commandLine.includes(secret), commandLine);
});
