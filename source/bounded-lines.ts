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
	readonly line: (text: string) => void;
	/** A line of at least `bytes` bytes was skipped. */
	readonly skipped: (bytes: number) => void;
};

/** Read `input` to its end, calling `handlers` for each line; resolves at the end. */
export async function readBoundedLines(
	input: NodeJS.ReadableStream,
	maxBytes: number,
	handlers: BoundedLineHandlers,
): Promise<void> {
	let parts: Uint8Array[] = [];
	let size = 0;
	let skipping = 0;

	const finish = () => {
		if (skipping > 0) {
			handlers.skipped(skipping);
		} else {
			const text = Buffer.concat(parts).toString('utf8');
			handlers.line(text.endsWith('\r') ? text.slice(0, -1) : text);
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

	await new Promise<void>((resolve, reject) => {
		input.on('data', (chunk: Uint8Array | string) => {
			take(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		});
		input.once('end', () => {
			if (size > 0 || skipping > 0) finish();
			resolve();
		});
		input.once('error', reject);
	});
}
