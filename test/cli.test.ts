import test from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {ensureBuilt, runCli} from './helpers/cli-process.js';
import {portOf} from './helpers/legacy-peer.js';

test.before(() => {
	ensureBuilt();
});

const badFlags: Array<[string[], RegExp]> = [
	[
		['--port', 'abc'],
		/^p2p-chat: --port: "abc" is not a port; use a number from 0 to 65535/,
	],
	[['--port', '70000'], /^p2p-chat: --port: "70000" is not a port/],
	[['--port', '-1'], /--port/],
	[['--bootstrap', '1.2.3.4'], /^p2p-chat: --bootstrap: "1.2.3.4" has no port/],
	[
		['--bootstrap', '127.0.0.1:0'],
		/^p2p-chat: --bootstrap: .*not a port from 1 to 65535/,
	],
	[
		['--bootstrap', 'nosuchhost.invalid:1'],
		/^p2p-chat: --bootstrap: unknown host "nosuchhost.invalid"/,
	],
	[['--nick', 'two words'], /^p2p-chat: --nick: "two words" is not a nick/],
	[['--port'], /^p2p-chat: --port: needs a value/],
	[['--bootstrap', '--port', '1'], /^p2p-chat: --bootstrap: needs a value/],
	[['--port', '1', '--port', '2'], /^p2p-chat: --port: given more than once/],
	[['--headless=yes'], /^p2p-chat: --headless: is a switch/],
	[['--secret', ''], /^p2p-chat: --secret: must not be empty/],
	[['--data-dir'], /^p2p-chat: --data-dir: needs a value/],
	[['stray'], /^p2p-chat: unexpected argument "stray"/],
];

for (const [args, message] of badFlags) {
	test(`${args.join(' ')} is refused with one line and status 2`, async () => {
		const result = await runCli(['--headless', '--host', '127.0.0.1', ...args]);
		assert.equal(result.status, 2);
		assert.match(result.stderr, message);
		assert.equal(
			result.stderr.trim().split('\n').length,
			1,
			`one line, got: ${result.stderr}`,
		);
		assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+/, 'no stack trace');
	});
}

test('--exit-on-eof without --headless is refused', async () => {
	const result = await runCli(['--exit-on-eof', '--port', '0']);
	assert.equal(result.status, 2);
	assert.match(
		result.stderr,
		/^p2p-chat: --exit-on-eof: only works with --headless/,
	);
});

test('unknown flags are rejected, not ignored', async () => {
	const result = await runCli(['--headless', '--frobnicate']);
	assert.equal(result.status, 2);
	assert.equal(
		result.stderr,
		'p2p-chat: --frobnicate: unknown flag (see --help)\n',
	);
});

test('--host must be an address: digits that are no IP are a usage error', async () => {
	const result = await runCli(['--headless', '--host', '999.1.1.1']);
	assert.equal(result.status, 2);
	assert.match(
		result.stderr,
		/^p2p-chat: --host: "999\.1\.1\.1" is not an IP address/v,
	);
});

test('--help describes every flag and exits 0', async () => {
	const result = await runCli(['--help']);
	assert.equal(result.status, 0);
	for (const flag of [
		'--port',
		'--bootstrap',
		'--host',
		'--nick',
		'--headless',
		'--exit-on-eof',
		'--version',
	]) {
		assert.match(result.stdout, new RegExp(flag), flag);
	}
});

test('--version prints the package version', async () => {
	const result = await runCli(['--version']);
	assert.equal(result.status, 0);
	assert.match(result.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('a port in use is a clear error and a non-zero exit, not a client that keeps running', async (t) => {
	const blocker = net.createServer();
	await new Promise<void>((resolve) => {
		blocker.listen({host: '127.0.0.1', port: 0}, resolve);
	});
	t.after(() => blocker.close());
	const port = portOf(blocker);
	const result = await runCli([
		'--headless',
		'--host',
		'127.0.0.1',
		'--port',
		String(port),
	]);
	assert.equal(result.status, 1);
	assert.match(
		result.stderr,
		new RegExp(`^p2p-chat: port ${port} is already in use on 127.0.0.1`),
	);
	assert.equal(result.stdout, '');
});

test('the UI without a terminal says to use --headless', async () => {
	const result = await runCli(['--host', '127.0.0.1', '--port', '0']);
	assert.equal(result.status, 2);
	assert.match(result.stderr, /needs a terminal.*--headless/);
});

test('an empty P2P_CHAT_SECRET is refused rather than silently opening the network', async () => {
	const result = await runCli(['--headless', '--port', '0'], {
		// eslint-disable-next-line @typescript-eslint/naming-convention -- an environment variable
		env: {P2P_CHAT_SECRET: ''},
	});
	assert.equal(result.status, 2);
	assert.match(result.stderr, /^p2p-chat: P2P_CHAT_SECRET is set but empty/);
});

test('a damaged identity file stops the node with a clear error', async (t) => {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'p2p-chat-cli-'));
	t.after(async () => rm(directory, {recursive: true, force: true}));
	await writeFile(path.join(directory, 'identity.json'), '{broken');
	const result = await runCli([
		'--headless',
		'--host',
		'127.0.0.1',
		'--port',
		'0',
		'--data-dir',
		directory,
	]);
	assert.equal(result.status, 1);
	assert.match(
		result.stderr,
		/^p2p-chat: the identity file .*identity\.json is damaged/,
	);
	assert.equal(
		await readFile(path.join(directory, 'identity.json'), 'utf8'),
		'{broken',
	);
});
