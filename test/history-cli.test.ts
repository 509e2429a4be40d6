/**
 * The history through the real program: one node per profile (a second
 * one exits 1 with a clear error), and a node killed with SIGKILL in the
 * middle of a burst has kept every line it had printed; a damaged or newer
 * history stops the node with a clear error and is left untouched; and
 * `--no-history` (or a throwaway node) writes no history.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import Database from 'better-sqlite3';
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

test('a damaged history, or one from a newer p2p-chat, stops the node with status 1 and one clear error, and is left as it was', async () => {
	const damaged = folder();
	const file = path.join(damaged, 'history.db');
	writeFileSync(file, 'not a database, but somebody’s notes\n'.repeat(200));
	const before = readFileSync(file);
	const run = async (dataDir: string) =>
		runCli([
			'--headless',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--data-dir',
			dataDir,
		]);
	const broken = await run(damaged);
	assert.equal(broken.status, 1);
	assert.match(
		broken.stderr,
		/^p2p-chat: .*history\.db is damaged or is not a p2p-chat history \(.+\)\. Nothing was changed: move the file away to start a new history\.\n$/v,
	);
	assert.deepEqual(readFileSync(file), before);

	const newer = folder();
	const database = new Database(path.join(newer, 'history.db'));
	database.pragma('user_version = 99');
	database.close();
	const newerBefore = readFileSync(path.join(newer, 'history.db'));
	const refused = await run(newer);
	assert.equal(refused.status, 1);
	assert.match(
		refused.stderr,
		/^p2p-chat: .*history\.db was written by a newer p2p-chat \(history version 99; this one knows \d+\)\. Nothing was changed/v,
	);
	assert.deepEqual(readFileSync(path.join(newer, 'history.db')), newerBefore);
});

test('--no-history keeps no history file, and --port 0 without --data-dir writes nothing at all', async () => {
	const dataDir = folder();
	const quiet = await runCli(
		[
			'--headless',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--no-history',
			'--data-dir',
			dataDir,
			'--exit-on-eof',
		],
		{input: '/nick zoe\n'},
	);
	assert.equal(quiet.status, 0, quiet.stderr);
	assert.ok(
		readdirSync(dataDir).every((name) => !name.startsWith('history')),
		`no history in ${readdirSync(dataDir).join(', ')}`,
	);

	const home = folder();
	const throwaway = await runCli(
		['--headless', '--host', '127.0.0.1', '--port', '0', '--exit-on-eof'],
		// eslint-disable-next-line @typescript-eslint/naming-convention -- an environment variable
		{input: '/nick zoe\n', env: {XDG_DATA_HOME: home, HOME: home}},
	);
	assert.equal(throwaway.status, 0, throwaway.stderr);
	assert.deepEqual(readdirSync(home), []);
});

test('the nick: --nick when given, else the one the profile last used, else the user name; headless prints no stored line', async () => {
	const dataDir = folder();
	const run = async (
		input: string,
		extra: string[] = [],
		directory = dataDir,
	) =>
		runCli(
			[
				'--headless',
				'--host',
				'127.0.0.1',
				'--port',
				'0',
				'--data-dir',
				directory,
				'--exit-on-eof',
				...extra,
			],
			{input},
		);
	await run('/nick robert\n', ['--nick', 'alice']);
	// Each line below reaches no one (status 1): only its stored nick matters.
	await run('said by the stored nick\n');
	const third = await run('said by the given nick\n', ['--nick', 'zed']);
	// Headless prints new lines only: nothing of what was stored before.
	assert.doesNotMatch(third.stdout, /said by the stored nick/v);
	const fresh = folder();
	await run('said by the user\n', [], fresh);
	const nicks = async (directory: string) => {
		const listed = await runCli(['history', '--data-dir', directory, '--json']);
		return listed.stdout
			.trim()
			.split('\n')
			.map((text): unknown => JSON.parse(text))
			.map((line) =>
				typeof line === 'object' &&
				line !== null &&
				'nick' in line &&
				'text' in line
					? `${String(line.nick)}: ${String(line.text)}`
					: '',
			);
	};

	assert.deepEqual(await nicks(dataDir), [
		'robert: said by the stored nick',
		'zed: said by the given nick',
	]);
	assert.deepEqual(await nicks(fresh), [
		`${os.userInfo().username}: said by the user`,
	]);
});
