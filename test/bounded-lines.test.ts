import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {Readable} from 'node:stream';
import {readBoundedLines} from '../source/bounded-lines.js';

async function lines(chunks: string[], maxBytes: number) {
	const seen: string[] = [];
	await readBoundedLines(Readable.from(chunks), maxBytes, {
		line(text) {
			seen.push(text);
		},
		skipped(bytes) {
			seen.push(`<skipped ${bytes}>`);
		},
	});
	return seen;
}

test('lines split across chunks, CRLF endings and a last line without a newline', async () => {
	assert.deepEqual(await lines(['he', 'llo\r\nwor', 'ld\n\nlast'], 10), [
		'hello',
		'world',
		'',
		'last',
	]);
});

test('a line over the limit is skipped and counted; the next one is read', async () => {
	assert.deepEqual(
		await lines(['short\n', 'x'.repeat(6), 'x'.repeat(6), '\nok\n'], 10),
		['short', '<skipped 12>', 'ok'],
	);
	assert.deepEqual(await lines(['y'.repeat(25)], 10), ['<skipped 25>']);
});

test('multi-byte characters split between chunks decode whole', async () => {
	const bytes = Buffer.from('é€\n');
	const chunks = [
		bytes.subarray(0, 1),
		bytes.subarray(1, 4),
		bytes.subarray(4),
	];
	const seen: string[] = [];
	await readBoundedLines(Readable.from(chunks), 10, {
		line(text) {
			seen.push(text);
		},
		skipped() {
			seen.push('skipped');
		},
	});
	assert.deepEqual(seen, ['é€']);
});

test('a line handler that is still busy holds the input: nothing is read ahead', async () => {
	let pulled = 0;
	let handled = 0;
	let mostAhead = 0;
	async function* chunks() {
		for (let index = 0; index < 20; index++) {
			pulled++;
			mostAhead = Math.max(mostAhead, pulled - handled);
			yield `line ${index}\n`;
		}
	}

	await readBoundedLines(chunks(), 100, {
		async line() {
			// A send that takes a turn of the event loop to be answered.
			await new Promise<void>((resolve) => {
				setImmediate(resolve);
			});
			handled++;
		},
		skipped() {
			// None here.
		},
	});
	assert.equal(handled, 20);
	assert.equal(mostAhead, 1, 'one chunk in hand at a time');
});
