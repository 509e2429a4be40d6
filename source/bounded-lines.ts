/**
 * Lines from a byte stream, none longer than `maxBytes`. Node's readline
 * keeps a line of any length in memory, so an endless one (`< /dev/zero`, a
 * binary file piped in) grows until the process dies ("Invalid string
 * length"). Here a line over the limit is skipped, its size reported, and
 * reading goes on at the next newline. `\n` and `\r\n` both end a line;
 * bytes are decoded as UTF-8, invalid sequences replaced.
 */
import {Buffer} from 'node:buffer';

export type BoundedLineHandlers = {
	/**
	 * One line. When it returns a promise, nothing more is read until it
	 * settles: the input waits (backpressure) instead of piling up here.
	 */
	readonly line: (text: string) => void | Promise<void>;
	/** A line of at least `bytes` bytes was skipped. */
	readonly skipped: (bytes: number) => void;
};

/**
 * Lines handed over in one turn of the event loop before others get theirs:
 * a turn of 16 short lines takes a couple of milliseconds.
 */
const linesPerTurn = 16;

/** Read `input` to its end, calling `handlers` for each line in order; resolves at the end. */
export async function readBoundedLines(
	input: AsyncIterable<Uint8Array | string>,
	maxBytes: number,
	handlers: BoundedLineHandlers,
): Promise<void> {
	let parts: Uint8Array[] = [];
	let size = 0;
	let skipping = 0;
	/** Lines complete in the chunk at hand, handed over before the next is read. */
	let ready: Array<{text: string} | {skipped: number}> = [];

	const finish = () => {
		if (skipping > 0) {
			ready.push({skipped: skipping});
		} else {
			const text = Buffer.concat(parts).toString('utf8');
			ready.push({text: text.endsWith('\r') ? text.slice(0, -1) : text});
		}

		parts = [];
		size = 0;
		skipping = 0;
	};

	const take = (chunk: Uint8Array) => {
		let start = 0;
		for (;;) {
			const newline = chunk.indexOf(10, start);
			const piece = chunk.subarray(start, newline === -1 ? undefined : newline);
			if (skipping > 0) {
				skipping += piece.length;
			} else if (size + piece.length > maxBytes) {
				// Over the limit: forget what was kept, count the rest.
				skipping = size + piece.length;
				parts = [];
				size = 0;
			} else {
				parts.push(piece);
				size += piece.length;
			}

			if (newline === -1) return;
			finish();
			start = newline + 1;
		}
	};

	let sinceTurn = 0;
	const handOver = async () => {
		const lines = ready;
		ready = [];
		for (const item of lines) {
			if ('skipped' in item) handlers.skipped(item.skipped);
			else {
				// eslint-disable-next-line no-await-in-loop -- one line at a time, in order
				await handlers.line(item.text);
				// A line answered at once settles in a microtask: let sockets
				// and timers run every few lines, or a 64 KB chunk of short
				// lines would hold the event loop (and every link's keep-alive)
				// for seconds. Not after every line: the lines of one turn leave
				// in one write per link and one commit of the history, which a
				// turn per line had cost a system call each (issue 15).
				sinceTurn++;
				if (sinceTurn < linesPerTurn) continue;
				sinceTurn = 0;
				// eslint-disable-next-line no-await-in-loop -- the point is to wait
				await new Promise<void>((resolve) => {
					setImmediate(resolve);
				});
			}
		}
	};

	// `for await` reads the next chunk only when the body is done: a slow
	// consumer holds the pipe, and the writer waits.
	for await (const chunk of input) {
		take(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		await handOver();
	}

	if (size > 0 || skipping > 0) finish();
	await handOver();
}
