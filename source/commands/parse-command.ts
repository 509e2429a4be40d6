/**
 * Read a typed line: a chat line, nothing, or a slash command of the table.
 * Pure until run: `parseCommand` gives plain data, so every rule (escapes,
 * nick limits) is tested directly.
 */
import type {Invalid, Parsed, Reading, TableCommand} from './command.js';
import {commandTable} from './command-table.js';

/** A parsed command of one table entry. */
type ParsedBy<Entry> =
	Entry extends TableCommand<infer Name, infer Args>
		? Parsed<Name, Args>
		: never;

/** A typed line, classified. */
export type Command =
	/** An empty line: nothing is sent (whitespace-only lines are, as in the seed). */
	| {readonly type: 'none'}
	| {readonly type: 'send'; readonly text: string}
	| ParsedBy<(typeof commandTable)[number]>
	| Invalid
	/** `name` includes the slash, e.g. `/foo`. */
	| {readonly type: 'unknown'; readonly name: string};

/** Read one line as typed (without its line break). */
export function readLine(line: string): Reading<Command> {
	if (line === '') {
		return {command: {type: 'none'}};
	}

	// `//text` is the escape for a chat line that starts with a slash.
	if (!line.startsWith('/') || line.startsWith('//')) {
		const text = line.startsWith('/') ? line.slice(1) : line;
		return {
			command: {type: 'send', text},
			// Per-host failures are in the resolved report and the service logs
			// them; only a rejection (nothing was attempted) is the runner's.
			// With a query open (`/query`), typed lines go to its peer only.
			async run({service}) {
				const to = service.queryKey();
				await service.send(text, to === undefined ? undefined : {to});
			},
		};
	}

	const match = /^\/(\S*)\s*([\s\S]*)$/v.exec(line);
	const typed = match?.[1] ?? '';
	const name = typed.toLowerCase();
	const entry = commandTable.find((command) => command.name === name);
	if (entry === undefined) {
		const unknown = `/${typed}`;
		return {
			command: {type: 'unknown', name: unknown},
			run({service}) {
				service.note(`Unknown command ${unknown} — type /help`);
			},
		};
	}

	return entry.interpret((match?.[2] ?? '').trim());
}

/** Parse one line as typed (without its line break). */
export function parseCommand(line: string): Command {
	return readLine(line).command;
}
