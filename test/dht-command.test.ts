/**
 * `p2p-chat dht`: its flags are checked before any DHT starts (so these
 * tests start none; rooms.test.ts runs one in a network namespace).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {runDhtCommand} from '../source/dht-command.js';

async function run(argv: string[]) {
	let out = '';
	let error = '';
	const status = await runDhtCommand(argv, {
		write(text) {
			out += text;
		},
		writeError(text) {
			error += text;
		},
		stopped: Promise.resolve(),
	});
	return {status, out, error};
}

test('without --host it says what address it needs, and starts nothing', async () => {
	const {status, error} = await run(['--port', '49737']);
	assert.equal(status, 2);
	assert.match(
		error,
		/--host is needed: give the IPv4 address the other nodes reach this machine at/v,
	);
});

test('0.0.0.0, a name or a bad port are refused the same way', async () => {
	const cases: Array<[string[], RegExp]> = [
		[['--host', '0.0.0.0'], /not a concrete IPv4 address/v],
		[['--host', 'example.org'], /not a concrete IPv4 address/v],
		[['--host', '10.0.0.1', '--port', '0'], /--port: "0" is not a port/v],
		[['--nope'], /Unknown option '--nope'/v],
	];
	for (const [argv, message] of cases) {
		// eslint-disable-next-line no-await-in-loop -- one at a time, for the message
		const {status, error} = await run(argv);
		assert.equal(status, 2);
		assert.match(error, message);
	}

	const {status, out} = await run(['--help']);
	assert.equal(status, 0);
	assert.match(out, /--dht-bootstrap/v);
});
