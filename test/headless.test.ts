import test from 'node:test';
import assert from 'node:assert/strict';
import {ensureBuilt, runCli, startCli} from './helpers/cli-process.js';
import {rawSend, startNode} from './helpers/legacy-peer.js';
import {waitFor} from './helpers/wait-for.js';

test.before(() => {
	ensureBuilt();
});

test('headless nodes print reference-style lines; --exit-on-eof sends and exits once delivered', async (t) => {
	const a = startCli(['--headless', '--host', '127.0.0.1', '--port', '0']);
	t.after(() => a.child.kill('SIGKILL'));
	const [, port] = await a.waitForOutput(
		/^\[SERVER] Listening on port (\d+)$/m,
	);

	const b = await runCli(
		[
			'--headless',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--bootstrap',
			`127.0.0.1:${port}`,
			'--exit-on-eof',
		],
		{
			input: 'hello from a script\nsecond: with a colon\n',
		},
	);
	assert.equal(b.status, 0, b.stderr);
	assert.match(
		b.stdout,
		new RegExp(
			String.raw`^\[SERVER] Bootstrap host: 127\.0\.0\.1:${port}$`,
			'm',
		),
	);
	assert.match(
		b.stdout,
		new RegExp(String.raw`^\[CLIENT] Delivered to 127\.0\.0\.1:${port}$`, 'm'),
	);

	const [, bPort] = await a.waitForOutput(
		/^\[SERVER] New host discovered: 127\.0\.0\.1:(\d+) \(\S+·[\da-f]{8}, encrypted link\)$/m,
	);
	await a.waitForOutput(/second: with a colon$/m);
	assert.match(
		a.stdout(),
		new RegExp(
			String.raw`^\[SERVER] Received from 127\.0\.0\.1:${bPort} \(\S+·[\da-f]{8}\): hello from a script$`,
			'm',
		),
	);
	assert.match(
		a.stdout(),
		new RegExp(
			String.raw`^\[SERVER] Received from 127\.0\.0\.1:${bPort} \(\S+·[\da-f]{8}\): second: with a colon$`,
			'm',
		),
	);
});

test('--exit-on-eof exits 1 when a line reached nobody', async () => {
	const result = await runCli(
		['--headless', '--host', '127.0.0.1', '--port', '0', '--exit-on-eof'],
		{input: 'anyone?\n'},
	);
	assert.equal(result.status, 1);
	assert.match(result.stdout, /No known peers yet/);
});

test('end of input does not stop a background node; SIGTERM stops it cleanly', async () => {
	const node = startCli(['--headless', '--host', '127.0.0.1', '--port', '0']);
	node.child.stdin?.end();
	const [, port] = await node.waitForOutput(
		/^\[SERVER] Listening on port (\d+)$/m,
	);
	await node.waitForOutput(/End of input: still serving/);
	assert.equal(
		await rawSend(Number(port), '9101:still there?'),
		'Message received',
	);
	await node.waitForOutput(/Received from 127\.0\.0\.1:9101: still there\?/);
	node.child.kill('SIGTERM');
	assert.equal(await node.exited(), 0);
});

test('a line over the size limit is an [ERROR] line, not a crash', async () => {
	const result = await runCli(
		['--headless', '--host', '127.0.0.1', '--port', '0', '--exit-on-eof'],
		{
			input: `${'x'.repeat(40_000)}\n`,
		},
	);
	assert.equal(result.status, 1);
	assert.match(
		result.stdout,
		/^\[ERROR] That line is 40000 bytes; the limit is 32768/m,
	);
	assert.doesNotMatch(result.stderr, /internal error/);
});

test('an endless line on standard input is skipped without holding it in memory; the next line still goes', async () => {
	const result = await runCli(
		['--headless', '--host', '127.0.0.1', '--port', '0', '--exit-on-eof'],
		{
			// 8 MB of NUL bytes with no newline, as `< /dev/zero` would send, then a line.
			input: `${'\0'.repeat(8_000_000)}\nstill here\n`,
		},
	);
	assert.doesNotMatch(result.stderr, /internal error/);
	assert.match(
		result.stdout,
		/^\[ERROR] Skipped a line of 8000000\+ bytes from standard input; the limit is 32768\. Nothing was sent\.$/m,
	);
	assert.match(result.stdout, /No known peers yet/);
	assert.equal(result.status, 1);
});

test('a long pipe is delivered whole and in order (stdin is read as fast as lines are taken)', async (t) => {
	const node = await startNode({nick: 'sink'});
	t.after(async () => node.service.stop());
	const count = 3000;
	const input = Array.from(
		{length: count},
		(_, index) => `${index + 1}\n`,
	).join('');
	const result = await runCli(
		[
			'--headless',
			'--host',
			'127.0.0.1',
			'--port',
			'0',
			'--bootstrap',
			`127.0.0.1:${node.port}`,
			'--exit-on-eof',
		],
		{input},
	);
	assert.equal(
		result.status,
		0,
		result.stdout.split('\n').slice(-5).join('\n'),
	);
	assert.doesNotMatch(result.stdout, /outbox|not delivered|did not reach/i);
	const texts = () =>
		node.service
			.getSnapshot()
			.entries.flatMap((entry) => (entry.kind === 'chat' ? [entry.text] : []));
	await waitFor(() => texts().length === count, {
		what: `all ${count} lines at the other node`,
		timeoutMs: 15_000,
	});
	assert.deepEqual(
		texts(),
		Array.from({length: count}, (_, index) => String(index + 1)),
	);
});

test('--exit-on-eof says how many lines did not get through', async () => {
	const result = await runCli(
		['--headless', '--host', '127.0.0.1', '--port', '0', '--exit-on-eof'],
		{input: 'one\ntwo\n'},
	);
	assert.equal(result.status, 1);
	assert.match(
		result.stdout.trimEnd().split('\n').at(-1) ?? '',
		/^\[ERROR] 2 of 2 lines did not reach every known host\.$/,
	);
});
