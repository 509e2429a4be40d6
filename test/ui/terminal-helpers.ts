/**
 * Helpers for driving Ink in tests: polling for a frame, typing with a pause
 * for React's effects, and stand-ins for process.stdout/stdin for `runUi`.
 */
import {EventEmitter} from 'node:events';
import {setImmediate, setTimeout as delay} from 'node:timers/promises';

/** Keys as an xterm-like terminal (tmux, for one) sends them. */
export const keys = {
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	escape: '\u001B',
	backspace: '\u007F',
	delete: '\u001B[3~',
	up: '\u001B[A',
	down: '\u001B[B',
	left: '\u001B[D',
	right: '\u001B[C',
	home: '\u001B[H',
	end: '\u001B[F',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	/** Alt-Home and Alt-End: the oldest and the newest line (weechat's keys). */
	oldest: '\u001B[1;3H',
	newest: '\u001B[1;3F',
	ctrlC: '\u0003',
	ctrlE: '\u0005',
	ctrlU: '\u0015',
	ctrlY: '\u0019',
	pasteStart: '\u001B[200~',
	pasteEnd: '\u001B[201~',
} as const;

/** Poll `check` every few milliseconds until it returns true, or fail. */
export async function waitFor(
	check: () => boolean,
	describe: () => string,
	timeoutMs = 3000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting: ${describe()}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(5);
	}
}

/**
 * Write to Ink's stdin and let the resulting render happen. Nothing here
 * depends on React's effects having run: the input box and the scroll keys
 * read their state from refs, so keys may follow each other at once.
 */
export async function press(
	stdin: {write(data: string): void},
	data: string,
): Promise<void> {
	stdin.write(data);
	await setImmediate();
}

/** A stand-in for process.stdout: records writes, has a size. */
export class FakeStdout extends EventEmitter {
	columns = 100;
	rows = 30;
	// eslint-disable-next-line @typescript-eslint/naming-convention
	isTTY = false;
	readonly writes: string[] = [];

	write = (data: string): boolean => {
		this.writes.push(data);
		return true;
	};

	get output(): string {
		return this.writes.join('');
	}
}

/** A stand-in for process.stdin in raw mode, fed by `write`. */
export class FakeStdin extends EventEmitter {
	// eslint-disable-next-line @typescript-eslint/naming-convention
	isTTY = true;
	// Ink reads until `read()` returns null, as a real stream does.
	// eslint-disable-next-line @typescript-eslint/no-restricted-types
	private data: string | null = null;

	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	// eslint-disable-next-line @typescript-eslint/no-restricted-types
	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	// A fake has no encoding, mode or flow to change; streams return `this`.
	setEncoding(): this {
		return this;
	}

	setRawMode(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** The fakes typed as the streams `runUi` takes (they cover what Ink uses). */
export function asStreams(
	stdout: FakeStdout,
	stdin: FakeStdin,
): {stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream} {
	/* eslint-disable @typescript-eslint/no-unsafe-type-assertion */
	return {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
	};
	/* eslint-enable @typescript-eslint/no-unsafe-type-assertion */
}
