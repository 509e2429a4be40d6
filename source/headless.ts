/**
 * Headless mode: lines from stdin are broadcast, and what happens is printed
 * one line at a time in the seed's `[SERVER] ...` style, so a learner can run
 * both side by side. A line that starts with `/` is a command of the UI's
 * table (`//` sends a literal `/`), so a script can `/msg`, `/nick` or
 * `/connect`; `/quit` ends the run as the end of input does with
 * `--exit-on-eof`. End of input does not stop the node (it may be running
 * in the background); with `--exit-on-eof` it waits until every line has been
 * answered, then exits (0 when every host took every line and there was at least one host, 1
 * otherwise). A native peer takes a line when it acknowledges it; one that
 * was written to and did not acknowledge it in time did not take it.
 */
import process from 'node:process';
import {withoutInvisible} from './protocol/invisible-text.js';
import {readBoundedLines} from './bounded-lines.js';
import {runLine} from './commands/run-command.js';
import {maxLineBytes} from './service/options.js';
import type {
	BridgeNode,
	ChatEntry,
	ChatServiceApi,
	ChatSource,
	DeliveryReport,
	LineStyle,
} from './service/types.js';
import {isRestartMarker} from './service/restart-marker.js';
import {LineOutput} from './line-output.js';
import {boundHeapGrowth} from './heap-growth.js';

/**
 * Lines sent and not yet answered at once (see `runHeadless`). A peer
 * handles lines in turns of a few milliseconds and acks each turn's at its
 * end, so a round trip under load is some 10 ms: with 64 in flight, a
 * sender piping lines spent 11-12 s of a 33 s bench run waiting for acks
 * with both nodes partly idle; with 128, 6-7 s, and the run took 24-29 s
 * (bench/lean.ts). Half a legacy host's outbox (256 lines), so a pipe into
 * a slow one still waits before its outbox overflows.
 */
const linesInFlight = 128;

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
	// Most lines are printable ASCII: nothing to replace, one scan.
	if (printableAscii.test(text)) return text;
	return withoutInvisible(text).replaceAll(/\p{Cc}/gu, '\uFFFD');
}

const printableAscii = /^[\u0020-\u007E]*$/v;

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

/** The nick a native line names its author by (an action shows it). */
function authorNick(source: ChatSource): string {
	return source.type === 'native' ? source.nick : source.address;
}

/**
 * A chat line in the reference's words: `Received from`, or `Private
 * from` for a private line; an action reads `* nick text`, a topic line
 * `Topic from ...: text`.
 */
function chatLine(
	source: ChatSource,
	text: string,
	style: LineStyle | undefined,
	late: string,
): string {
	const from = `${sourceText(source)}${late}`;
	const action = `* ${printable(authorNick(source))} ${printable(text)}`;
	switch (style?.type) {
		case undefined: {
			return `[SERVER] Received from ${from}: ${printable(text)}`;
		}

		case 'action': {
			return `[SERVER] Received from ${from}: ${action}`;
		}

		case 'topic': {
			return text === ''
				? `[SERVER] Topic cleared by ${from}`
				: `[SERVER] Topic from ${from}: ${printable(text)}`;
		}

		case 'private': {
			const words = style.action ? action : printable(text);
			// Only a line of ours caught up from a peer is private "to".
			return style.direction === 'from'
				? `[SERVER] Private from ${from}: ${words}`
				: `[SERVER] Private to ${printable(`${style.peer.nick}·${style.peer.fingerprint}`)}${late}: ${words}`;
		}
	}
}

/** Format one log entry as the reference would print it. */
export function formatEntry(entry: ChatEntry): string | undefined {
	switch (entry.kind) {
		case 'chat': {
			const late = entry.caughtUp ? ' (caught up)' : '';
			return chatLine(entry.source, entry.text, entry.style, late);
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
	boundHeapGrowth('headless');
	const output = new LineOutput(options.output);
	// An exit from elsewhere (a signal's shutdown) writes what is pending.
	const flushOnExit = () => {
		output.flush();
	};

	process.on('exit', flushOnExit);
	const print = (line: string) => {
		output.print(line);
	};

	const {listening} = service.getSnapshot();
	if (listening) {
		print(`[SERVER] Listening on port ${listening.port}`);
	}

	// What happened before this run (the stored history, up to its marker)
	// is not news: a script reading stdout sees only new lines.
	const {entries} = service.getSnapshot();
	const marker = entries.findIndex((entry) => isRestartMarker(entry));
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

	/** A line that was refused (too long, an unknown nick): told as an error entry. */
	const refused: DeliveryReport = {
		parts: 1,
		delivered: [],
		sent: [],
		failed: [{host: '-', reason: 'refused'}],
	};
	/** Every line a command or a typed line sends is followed in the window. */
	const track = async (delivery: Promise<DeliveryReport>) => {
		lines++;
		// The runner logs a rejection as an error entry, printed like any.
		window.push(delivery.catch(() => refused));
		return delivery;
	};

	let quit: () => void = () => undefined;
	const quitting = new Promise<void>((resolve) => {
		quit = resolve;
	});
	let stopped = false;
	const context = {
		service: tracking(service, track),
		quit() {
			stopped = true;
			quit();
		},
	};
	const read = async (line: string) => {
		// A reader of our output that is behind holds up our input too.
		await output.drained();
		if (stopped) return;
		// Never rejects: a command that fails is an error entry.
		void runLine(line, context);
		if (window.length >= linesInFlight) await settleOldest();
	};

	// Twice the line limit: the service explains lines a little too long;
	// anything longer is not even kept in memory.
	const reading = readBoundedLines(options.input, maxLineBytes * 2, {
		line: read,
		skipped(bytes) {
			lines++;
			notDelivered++;
			print(
				`[ERROR] Skipped a line of ${bytes}+ bytes from standard input; the limit is ${maxLineBytes}. Nothing was sent.`,
			);
		},
	});
	await Promise.race([reading, quitting]);
	while (window.length > 0) {
		// eslint-disable-next-line no-await-in-loop -- in order, one after another
		await settleOldest();
	}

	if (!options.exitOnEof && !stopped) {
		print('[SERVER] End of input: still serving (stop with Ctrl-C or SIGTERM)');
		output.flush();
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

	// The caller exits next: nothing may be left unwritten.
	output.flush();
	process.off('exit', flushOnExit);
	return notDelivered === 0 ? 0 : 1;
}

/**
 * `service`, with every line it sends followed by `track` (so a `/msg`
 * or `/me` from a script is counted and reported like a typed line). A
 * proxy, so that every other method is the service's own, whatever the
 * API grows.
 */
function tracking(
	service: ChatServiceApi,
	track: (delivery: Promise<DeliveryReport>) => Promise<DeliveryReport>,
): ChatServiceApi {
	return new Proxy(service, {
		get(target, property) {
			if (property === 'send') {
				return async (...args: Parameters<ChatServiceApi['send']>) =>
					track(target.send(...args));
			}

			if (property === 'setTopic') {
				return async (text: string) => track(target.setTopic(text));
			}

			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]): unknown =>
				Reflect.apply(value, target, args);
		},
	});
}
