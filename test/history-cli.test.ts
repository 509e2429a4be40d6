/**
 * The history through the real program: one node per profile (a second
 * one exits 1 with a clear error), and a node killed with SIGKILL in the
 * middle of a burst has kept every line it had printed.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {HistoryStore} from '../source/node/store/history-store.js';
import {ensureBuilt, runCli, startCli} from './helpers/cli-process.js';
import {waitFor} from './helpers/wait-for.js';

ensureBuilt();

function folder(): string {
	return mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-profile-'));
}

test('a second node on the same profile exits 1 with a clear error, and the first keeps running', async (t) => {
	const dataDir = folder();
	const first = startCli(['--headless', '--port', '0', '--data-dir', dataDir]);
	t.after(() => {
		first.child.kill('SIGKILL');
	});
	await first.waitForOutput(/Listening on port \d+/);
	const second = await runCli([
		'--headless',
		'--port',
		'0',
		'--data-dir',
		dataDir,
	]);
	assert.equal(second.status, 1);
	assert.match(
		second.stderr,
		/^p2p-chat: Another p2p-chat node is running with the profile in .+\. Stop it first, or start this one with its own --data-dir\.\n$/v,
	);
	// Without a history too: the profile (its identity, its floors) is one node's.
	const third = await runCli([
		'--headless',
		'--port',
		'0',
		'--no-history',
		'--data-dir',
		dataDir,
	]);
	assert.equal(third.status, 1);
	assert.match(third.stderr, /Another p2p-chat node is running/v);
	assert.equal(first.child.exitCode, null, 'the first still runs');
});

test('killed with SIGKILL in the middle of a burst, a node has kept every line it printed', async (t) => {
	const dataDir = folder();
	const bob = startCli([
		'--headless',
		'--port',
		'0',
		'--nick',
		'bob',
		'--data-dir',
		dataDir,
	]);
	t.after(() => {
		bob.child.kill('SIGKILL');
	});
	const [, port] = await bob.waitForOutput(/Listening on port (\d+)/);
	const alice = startCli([
		'--headless',
		'--port',
		'0',
		'--nick',
		'alice',
		'--bootstrap',
		`127.0.0.1:${port}`,
	]);
	t.after(() => {
		alice.child.kill('SIGKILL');
	});
	await bob.waitForOutput(/New host discovered: .*alice/);
	const burst = Array.from({length: 2000}, (_, index) => `line ${index}`);
	alice.child.stdin?.end(`${burst.join('\n')}\n`);
	const received = () =>
		[
			...bob
				.stdout()
				.matchAll(/Received from .*\(alice·[\da-f]{8}\): (line \d+)$/gmv),
		].map((match) => match[1]);
	await waitFor(() => received().length >= 200, {
		timeoutMs: 10_000,
		what: 'bob to print some of the burst',
	});
	bob.child.kill('SIGKILL');
	await bob.exited();
	const printed = received();
	assert.ok(printed.length >= 200);

	const store = HistoryStore.open(dataDir, {readOnly: true});
	const kept = new Set(store.latest(5000).map((line) => line.text));
	store.close();
	const lost = printed.filter((text) => !kept.has(text ?? ''));
	assert.deepEqual(lost, [], 'every printed line is in the store');

	// The same, through `p2p-chat history`: one JSON object a line.
	const listed = await runCli(['history', '--data-dir', dataDir, '--json']);
	assert.equal(listed.status, 0, listed.stderr);
	const objects: unknown[] = listed.stdout
		.trim()
		.split('\n')
		.map((text): unknown => JSON.parse(text));
	assert.equal(objects.length, kept.size);
	for (const line of objects) {
		assert.ok(typeof line === 'object' && line !== null);
		assert.ok('nick' in line && line.nick === 'alice', JSON.stringify(line));
		assert.ok('verified' in line && line.verified === true);
	}

	const newest = await runCli([
		'history',
		'--data-dir',
		dataDir,
		'--limit',
		'1',
	]);
	assert.match(
		newest.stdout,
		/^\d{4}-\d\d-\d\dT[\d:.]+Z alice·[\da-f]{8}: line \d+\n$/v,
	);
	const wrong = await runCli(['history', '--data-dir', dataDir, '--lmit', '1']);
	assert.equal(wrong.status, 2);
	assert.match(wrong.stderr, /^p2p-chat history: Unknown option '--lmit'/v);
});
