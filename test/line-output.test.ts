import test from 'node:test';
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {setImmediate as turn} from 'node:timers/promises';
import {LineOutput} from '../source/line-output.js';

/** A stream that records each write, and refuses more while `full`. */
function recorder(highWaterMark: number) {
	const writes: string[] = [];
	let release: (() => void) | undefined;
	const stream = new Writable({
		highWaterMark,
		write(chunk: Uint8Array, _encoding, callback) {
			writes.push(String(chunk));
			release = callback;
		},
	});
	return {
		stream,
		writes,
		finishWrite() {
			release?.();
		},
	};
}

test('lines printed in one turn are written in one go, in order', async () => {
	const {stream, writes, finishWrite} = recorder(1024 * 1024);
	const output = new LineOutput(stream);
	output.print('one');
	output.print('two');
	output.print('three');
	assert.deepEqual(writes, []);
	await turn();
	assert.deepEqual(writes, ['one\ntwo\nthree\n']);
	finishWrite();
	output.print('four');
	output.flush();
	assert.deepEqual(writes, ['one\ntwo\nthree\n', 'four\n']);
});

test('a stream that refuses more holds up whoever waits for it to drain', async () => {
	const {stream, finishWrite} = recorder(4);
	const output = new LineOutput(stream);
	output.print('a line longer than the mark');
	output.flush();
	let drained = false;
	const waiting = output.drained().then(() => {
		drained = true;
	});
	await turn();
	assert.equal(drained, false);
	finishWrite();
	await waiting;
	assert.equal(drained, true);
});
