/**
 * Catch-up as a user meets it (issue 11): a headless node frozen with
 * SIGSTOP while 100 lines are sent, long enough for its peer to give its
 * link up, prints all 100 soon after SIGCONT, in the order they were
 * written, each once; with three nodes and two authors, the frozen one
 * ends with the same conversation as the others (the stored one, in
 * display order, with the authors' times). Real processes on loopback,
 * each with its own profile folder.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'node:test';
import {
	type CliProcess,
	ensureBuilt,
	runCli,
	startCli,
} from './helpers/cli-process.js';
import {waitFor} from './helpers/wait-for.js';

test.before(() => {
	ensureBuilt();
});

/** A headless node on a profile folder of its own (returned too, for `p2p-chat history`). */
function headlessNode(nick: string, extra: string[] = []) {
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
	return {cli, folder};
}

function headless(nick: string, extra: string[] = []) {
	return headlessNode(nick, extra).cli;
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

/** A profile's stored conversation in display order, as `p2p-chat history --json` prints it. */
async function storedOrder(folder: string): Promise<string[]> {
	const listed = await runCli(['history', '--data-dir', folder, '--json']);
	assert.equal(listed.status, 0, listed.stderr);
	return listed.stdout
		.trim()
		.split('\n')
		.map((text) => {
			const line: unknown = JSON.parse(text);
			assert.ok(
				typeof line === 'object' &&
					line !== null &&
					'id' in line &&
					'time' in line &&
					'text' in line,
			);
			return `${String(line.time)} ${String(line.id)} ${String(line.text)}`;
		});
}

test('three nodes: one frozen while two others write 100 lines has them all after SIGCONT, in the same order and with the same times as the others', async (t) => {
	const nodes = new Map<string, {cli: CliProcess; folder: string}>();
	const start = (nick: string, extra: string[] = []) => {
		const {cli, folder} = headlessNode(nick, extra);
		t.after(() => {
			cli.child.kill('SIGCONT');
			cli.child.kill('SIGKILL');
		});
		nodes.set(nick, {cli, folder});
		return cli;
	};

	const alice = start('alice');
	const [, port] = await alice.waitForOutput(
		/^\[SERVER] Listening on port (\d+)$/m,
	);
	const bob = start('bob', ['--bootstrap', `127.0.0.1:${port}`]);
	const carol = start('carol', ['--bootstrap', `127.0.0.1:${port}`]);
	const heard = (cli: CliProcess, pattern: RegExp) =>
		pattern.test(cli.stdout());
	await waitFor(
		() => {
			alice.child.stdin?.write('from alice\n');
			bob.child.stdin?.write('from bob\n');
			return (
				heard(carol, /\(alice·[\da-f]+\): from alice$/m) &&
				heard(carol, /\(bob·[\da-f]+\): from bob$/m)
			);
		},
		{what: 'carol hears alice and bob', intervalMs: 300, timeoutMs: 10_000},
	);

	carol.child.kill('SIGSTOP');
	// Longer than the 8 s after which the others give the silent link up:
	// the lines below cannot wait in carol's socket buffers.
	await sleep(9000);
	const lines = Array.from({length: 100}, (_, index) => `line ${index}`);
	for (const [index, line] of lines.entries()) {
		(index % 2 === 0 ? alice : bob).child.stdin?.write(`${line}\n`);
	}

	await waitFor(
		() =>
			heard(alice, /\(bob·[\da-f]+\): line 99$/m) &&
			heard(bob, /\(alice·[\da-f]+\): line 98$/m),
		{what: 'alice and bob have every line', timeoutMs: 10_000},
	);
	carol.child.kill('SIGCONT');

	const printed = (cli: CliProcess) =>
		[
			...cli
				.stdout()
				.matchAll(
					/^\[SERVER] Received from \S+ \((?:alice|bob)·[\da-f]+\)(?: \(caught up\))?: (line \d+)$/gm,
				),
		].map((match) => match[1]);
	await waitFor(() => printed(carol).length >= 100, {
		what: 'all 100 lines at carol',
		timeoutMs: 10_000,
	});
	assert.deepEqual(
		new Set(printed(carol)),
		new Set(lines),
		'every line, each once',
	);
	assert.equal(printed(carol).length, 100);
	assert.match(carol.stdout(), /\(caught up\): line \d+$/m);

	// Every node shows the same conversation: the stored one, in display order.
	const orders = await Promise.all(
		[...nodes.values()].map(async ({folder}) => storedOrder(folder)),
	);
	const [aliceOrder, bobOrder, carolOrder] = orders;
	assert.ok(aliceOrder && aliceOrder.length >= 102);
	assert.deepEqual(carolOrder, aliceOrder, 'carol as alice');
	assert.deepEqual(bobOrder, aliceOrder, 'bob as alice');
});
