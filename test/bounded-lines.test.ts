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

test('a chunk of many short lines is handed over a few lines per turn of the event loop', async () => {
	let turn = 0;
	let ticking = true;
	const tick = () => {
		turn++;
		if (ticking) setImmediate(tick);
	};

	setImmediate(tick);
	const turns: number[] = [];
	const text = Array.from({length: 40}, (_, index) => `l${index}\n`).join('');
	await readBoundedLines(Readable.from([text]), 100, {
		line() {
			turns.push(turn);
		},
		skipped() {
			// None here.
		},
	});
	ticking = false;
	assert.equal(turns.length, 40);
	// Sockets and timers run between groups (a keep-alive is never held up
	// for a whole chunk), but the lines of a group share one turn: they
	// leave in one write per link.
	const groups = new Set(turns).size;
	assert.ok(groups > 1, 'other work runs between groups of lines');
	assert.ok(groups <= 40 / 8, `${groups} turns for 40 lines`);
});
