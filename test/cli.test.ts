import test from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {parseArgs, resolveBootstrap} from '../source/cli-flags.js';
import {UsageError} from '../source/config.js';
import {ensureBuilt, runCli} from './helpers/cli-process.js';
import {portOf} from './helpers/legacy-peer.js';

test.before(() => {
	ensureBuilt();
});

// Flag parsing is checked in-process (`parseArgs`); the real processes below
// are kept for what only a process shows: printing, exit statuses, stdin.
const context = {defaultNick: 'tester', environmentSecret: undefined};

function usageError(
	args: string[],
	environmentSecret?: string,
): string | undefined {
	const parsed = parseArgs(args, {...context, environmentSecret});
	return parsed.kind === 'usage-error' && parsed.status === 2
		? parsed.message
		: undefined;
}

const badFlags: Array<[string[], RegExp]> = [
	[
		['--port', 'abc'],
		/^--port: "abc" is not a port; use a number from 0 to 65535/,
	],
	[['--port', '70000'], /^--port: "70000" is not a port/],
	[
		['--port', '-1'],
		/^--port: its value starts with "-"; write it as --port=VALUE/,
	],
	[['--port=-1'], /^--port: "-1" is not a port/],
	[['-p', '7001'], /^-p: unknown flag \(see --help\)/],
	[['--bootstrap', '1.2.3.4'], /^--bootstrap: "1.2.3.4" has no port/],
	[
		['--bootstrap', '127.0.0.1:0'],
		/^--bootstrap: .*not a port from 1 to 65535/,
	],
	[['--nick', 'two words'], /^--nick: "two words" is not a nick/],
	[['--port'], /^--port: needs a value/],
	[['--bootstrap', '--port', '1'], /^--bootstrap: needs a value/],
	[['--port', '1', '--port', '2'], /^--port: given more than once/],
	[['--headless=yes'], /^--headless: is a switch/],
	[['--headless=a\nb'], /^--headless: is a switch/],
	[['--secret', ''], /^--secret: must not be empty/],
	[['--data-dir'], /^--data-dir: needs a value/],
	[['stray'], /^unexpected argument "stray"/],
	[['--room'], /^--room: needs a value/],
	[['--room', ' '], /^--room: " ": a room needs a name/],
	[['--dht-bootstrap', '10.0.0.1'], /^--dht-bootstrap: "10.0.0.1" has no port/],
];

for (const [args, message] of badFlags) {
	test(`${args.join(' ')} is a usage error (status 2) on one line`, () => {
		const error = usageError(['--headless', '--host', '127.0.0.1', ...args]);
		assert.match(error ?? '(accepted)', message);
		assert.doesNotMatch(error ?? '', /\n/v, 'one line');
	});
}

test('an unknown bootstrap host name is a usage error', async () => {
	const parsed = parseArgs(
		['--headless', '--bootstrap', 'nosuchhost.invalid:1'],
		context,
	);
	assert.equal(parsed.kind, 'run');
	if (parsed.kind !== 'run') return;
	await assert.rejects(resolveBootstrap(parsed.config), (error: Error) => {
		assert.ok(error instanceof UsageError);
		assert.match(
			error.message,
			/^--bootstrap: unknown host "nosuchhost.invalid"/v,
		);
		return true;
	});
});

test('--exit-on-eof without --headless is refused', () => {
	assert.match(
		usageError(['--exit-on-eof', '--port', '0']) ?? '',
		/^--exit-on-eof: only works with --headless/v,
	);
});

test('--host must be an address: digits that are no IP are a usage error', () => {
	assert.match(
		usageError(['--headless', '--host', '999.1.1.1']) ?? '',
		/^--host: "999\.1\.1\.1" is not an IP address/v,
	);
});

test('unknown flags are rejected, not ignored', () => {
	assert.equal(
		usageError(['--headless', '--frobnicate']),
		'--frobnicate: unknown flag (see --help)',
	);
});

test('an empty P2P_CHAT_SECRET is refused rather than silently opening the network', () => {
	assert.match(
		usageError(['--headless', '--port', '0'], '') ?? '',
		/^P2P_CHAT_SECRET is set but empty/v,
	);
});

test('good flags make a config; --help and --version alone are printed', () => {
	assert.deepEqual(
		parseArgs(
			[
				'--headless',
				'--port',
				'0',
				'--bootstrap',
				'127.0.0.1:7001',
				'--bootstrap',
				'[::1]:7002',
				'--room',
				'lobby',
				'--room',
				'lab',
				'--dht-bootstrap',
				'10.0.0.1:49737',
			],
			context,
		),
		{
			kind: 'run',
			config: {
				port: 0,
				host: '0.0.0.0',
				nick: 'tester',
				nickGiven: false,
				bootstrap: [
					{host: '127.0.0.1', port: 7001},
					{host: '::1', port: 7002},
				],
				rooms: ['lobby', 'lab'],
				dhtBootstrap: [{host: '10.0.0.1', port: 49_737}],
				headless: true,
				exitOnEof: false,
				dataDir: undefined,
				secret: undefined,
				history: true,
				bell: true,
				color: true,
			},
		},
	);
	const quiet = parseArgs(['--no-history', '--nick', 'zoe'], context);
	assert.equal(quiet.kind, 'run');
	assert.equal(quiet.config.history, false);
	assert.equal(quiet.config.nickGiven, true);
	const help = parseArgs(['--help'], context);
	assert.equal(help.kind === 'print' && help.status, 0);
	const version = parseArgs(['--version'], context);
	assert.equal(version.kind === 'print' && version.status, 0);
});

test('a bad flag in a real process: one line on stderr, no stack trace, status 2', async () => {
	const result = await runCli(['--headless', '--port', 'abc']);
	assert.equal(result.status, 2);
	assert.equal(
		result.stderr,
		'p2p-chat: --port: "abc" is not a port; use a number from 0 to 65535 (0 picks a free one)\n',
	);
	assert.equal(result.stdout, '');
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

test('--no-bell and --no-color are switches, on by default', () => {
	const parsed = parseArgs(['--no-bell', '--no-color'], context);
	assert.ok(parsed.kind === 'run');
	assert.equal(parsed.config.bell, false);
	assert.equal(parsed.config.color, false);
	const plain = parseArgs([], context);
	assert.ok(plain.kind === 'run');
	assert.equal(plain.config.bell, true);
	assert.equal(plain.config.color, true);
	assert.match(usageError(['--no-bell=yes']) ?? '', /^--no-bell: is a switch/v);
});
