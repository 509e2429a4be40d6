/**
 * Headless mode: lines from stdin are broadcast, and what happens is printed
 * one line at a time in the seed's `[SERVER] ...` style, so a learner can run
 * both side by side. End of input does not stop the node (it may be running
 * in the background); with `--exit-on-eof` it waits until every line has been
 * answered, then exits (0 when every host took every line and there was at least one host, 1
 * otherwise). A native peer takes a line when it acknowledges it; one that
 * was written to and did not acknowledge it in time did not take it.
 */
import {withoutInvisible} from './protocol/invisible-text.js';
import {readBoundedLines} from './bounded-lines.js';
import {maxLineBytes} from './service/options.js';
import type {
	BridgeNode,
	ChatEntry,
	ChatServiceApi,
	ChatSource,
	DeliveryReport,
} from './service/types.js';
import {newSinceMarker} from './service/history.js';

/** Lines sent and not yet answered at once (see `runHeadless`). */
const linesInFlight = 64;

export type HeadlessOptions = {
	readonly input: NodeJS.ReadableStream;
	readonly output: NodeJS.WritableStream;
	readonly exitOnEof: boolean;
};

/**
 * Control characters from the wire (escape sequences, line breaks) must not
 * reach the terminal or break the one-event-per-line format, and invisible
 * ones (bidi overrides, zero-width spaces) must not reorder or hide text:
 * the same neutralising as the UI's.
 */
export function printable(text: string): string {
	return withoutInvisible(text).replaceAll(/\p{Cc}/gu, '\uFFFD');
}

/** `(plain, via bob·1a2b3c4d)` for a legacy line another node passed on. */
function bridgeNote(bridge: BridgeNode | undefined): string {
	return bridge === undefined
		? ''
		: ` (plain, via ${printable(`${bridge.nick}·${bridge.fingerprint}`)})`;
}

/**
 * Shown in place of the address of a native author nobody told us where it
 * listens (it came and went before its links were announced); words, not a
 * `?` that reads like a broken address.
 */
const unknownAddress = 'an unknown address';

/** `ip:port (nick·fingerprint)` or `ip:port (plain, via ...)`: who wrote a line. */
function sourceText(source: ChatSource): string {
	if (source.type === 'native') {
		// Native lines name their author, whose signature checked out.
		return `${printable(source.address ?? unknownAddress)} (${printable(source.nick)}·${source.fingerprint})`;
	}

	return `${printable(source.address)}${bridgeNote(source.bridge)}`;
}

/** Format one log entry as the reference would print it. */
export function formatEntry(entry: ChatEntry): string | undefined {
	switch (entry.kind) {
		case 'chat': {
			const late = entry.caughtUp ? ' (caught up)' : '';
			return `[SERVER] Received from ${sourceText(entry.source)}${late}: ${printable(entry.text)}`;
		}

		case 'notice': {
			return `[SERVER] ${printable(entry.text)}`;
		}

		case 'error': {
			return `[ERROR] ${printable(entry.text)}`;
		}

		case 'own': {
			// The user just typed it; echoing it back would double every line.
			return undefined;
		}
	}
}

/**
 * Run until stdin ends (with `exitOnEof`) and resolve with the exit status;
 * without `exitOnEof` it resolves only when `stop` is called from outside.
 */
export async function runHeadless(
	service: ChatServiceApi,
	options: HeadlessOptions,
): Promise<number> {
	const print = (line: string) => {
		options.output.write(`${line}\n`);
	};

	const {listening} = service.getSnapshot();
	if (listening) {
		print(`[SERVER] Listening on port ${listening.port}`);
	}

	// What happened before this run (the stored history, up to its marker)
	// is not news: a script reading stdout sees only new lines.
	const {entries} = service.getSnapshot();
	const marker = entries.findIndex(
		(entry) => entry.kind === 'notice' && entry.text === newSinceMarker,
	);
	let printedUpTo = 0;
	for (const entry of entries.slice(marker + 1)) {
		const line = formatEntry(entry);
		if (line) print(line);
		// In display order, not by id: a line that came late sits above newer ones.
		printedUpTo = Math.max(printedUpTo, entry.id);
	}

	// An entry is told once it is stored, a moment after it is in the
	// snapshot: one printed from the snapshot above is not printed again.
	service.on('entry', (entry) => {
		if (entry.id <= printedUpTo) return;
		const line = formatEntry(entry);
		if (line) print(line);
	});

	let lines = 0;
	let notDelivered = 0;
	/**
	 * Every host took it (and there was at least one, or nothing to send).
	 * A line written to an older native peer that cannot acknowledge it
	 * counts, as a legacy host's answer does: it is all either can say.
	 */
	const delivered = (report: DeliveryReport) =>
		report.parts === 0 ||
		(report.failed.length === 0 &&
			report.delivered.length + report.sent.length > 0);
	const told = (report: DeliveryReport) => {
		for (const host of report.delivered) {
			print(`[CLIENT] Delivered to ${host}`);
		}

		for (const host of report.sent) {
			print(`[CLIENT] Sent to ${host} (an older p2p-chat: it cannot confirm)`);
		}

		if (!delivered(report)) notDelivered++;
	};

	// A line is answered when every peer has acknowledged it: a round trip.
	// Waiting for each before reading the next would cut a pipe to one line
	// per round trip, so a few are in flight at once, and their reports
	// are printed in the order the lines were read. Few enough that a pipe
	// of any length still waits (backpressure) rather than overflowing an
	// outbox (256 lines per legacy host) or the lines awaiting acks.
	const window: Array<Promise<DeliveryReport>> = [];
	const settleOldest = async () => {
		const oldest = window.shift();
		if (oldest) told(await oldest);
	};

	const send = async (line: string) => {
		lines++;
		window.push(
			service.send(line).catch((error: unknown): DeliveryReport => {
				// A line the service refuses (too long) is reported, not fatal.
				print(
					`[ERROR] ${error instanceof Error ? error.message : String(error)}`,
				);
				return {
					parts: 1,
					delivered: [],
					sent: [],
					failed: [{host: '-', reason: 'refused'}],
				};
			}),
		);
		if (window.length >= linesInFlight) await settleOldest();
	};

	// Twice the line limit: the service explains lines a little too long;
	// anything longer is not even kept in memory.
	await readBoundedLines(options.input, maxLineBytes * 2, {
		line: send,
		skipped(bytes) {
			lines++;
			notDelivered++;
			print(
				`[ERROR] Skipped a line of ${bytes}+ bytes from standard input; the limit is ${maxLineBytes}. Nothing was sent.`,
			);
		},
	});
	while (window.length > 0) {
		// eslint-disable-next-line no-await-in-loop -- in order, one after another
		await settleOldest();
	}

	if (!options.exitOnEof) {
		print('[SERVER] End of input: still serving (stop with Ctrl-C or SIGTERM)');
		return new Promise<number>(() => {
			// Never settles: the signal handlers in cli.tsx end the process.
		});
	}

	if (notDelivered > 0) {
		// The last line says it plainly: a script reads the status, a person this.
		print(
			`[ERROR] ${notDelivered} of ${lines} lines did not reach every known host.`,
		);
	}

	return notDelivered === 0 ? 0 : 1;
}
