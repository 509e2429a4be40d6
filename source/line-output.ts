/**
 * Headless output, one line at a time in what it says, written in one go
 * per turn of the event loop: a write system call per printed line was the
 * largest single cost of a node piping thousands of lines a second (issue
 * 15). Honest about backpressure: when the stream refuses more (a reader
 * that is behind), `drained` tells the reader of input to wait.
 */
export class LineOutput {
	readonly #stream: NodeJS.WritableStream;
	#pending: string[] = [];
	#scheduled = false;
	#blocked: Promise<void> | undefined;

	constructor(stream: NodeJS.WritableStream) {
		this.#stream = stream;
	}

	/** Print `line` (without its line break) at the end of this turn. */
	print(line: string): void {
		this.#pending.push(line);
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(() => {
			this.flush();
		});
	}

	/** Write what is pending now (before exiting, say). */
	flush(): void {
		this.#scheduled = false;
		if (this.#pending.length === 0) return;
		const text = `${this.#pending.join('\n')}\n`;
		this.#pending = [];
		if (this.#stream.write(text) || this.#blocked) return;
		this.#blocked = new Promise((resolve) => {
			this.#stream.once('drain', () => {
				this.#blocked = undefined;
				resolve();
			});
		});
	}

	/** Resolves once the stream takes more: at once unless it refused a write. */
	async drained(): Promise<void> {
		await this.#blocked;
	}
}
