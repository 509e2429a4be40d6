/**
 * `p2p-chat history`: print a profile's stored conversation, oldest first,
 * one line each (or one JSON object each, with `--json`), and exit. It
 * opens the history read-only, so it works beside the node that writes it.
 */
import {parseArgs} from 'node:util';
import {parsePort} from './protocol/address.js';
import {fingerprintOf} from './protocol/peer-key.js';
import {HistoryStore, type StoredLine} from './node/store/history-store.js';
import {StoreError} from './node/store/store-error.js';
import {printable} from './headless.js';

export const historyHelp = `
	Usage
	  $ p2p-chat history [--data-dir <path> | --port <n>] [--json] [--limit <n>]

	Prints the conversation a node's profile keeps, oldest first, and exits
	(it reads while the node runs, too).

	Options
	  --data-dir <path>  The profile folder (as given to the node)
	  --port <n>         The profile of the node on this port (default 1248)
	  --json             One JSON object a line: id, time (ms), kind (own,
	                     native, bridged, legacy), author (fingerprint; null for
	                     plain text), nick, source and bridge (plain text: the
	                     address it claims, the node that passed it on),
	                     verified (signed by its author), text
	  --limit <n>        Only the newest n lines
`;

/** Where the output goes, and where the profile of a port lives. */
export type HistoryCommandContext = {
	readonly write: (text: string) => void;
	readonly writeError: (text: string) => void;
	readonly profileOfPort: (port: number) => string;
};

/** Run the command; the exit status (2: bad flags, 1: no readable history). */
export function runHistoryCommand(
	argv: readonly string[],
	context: HistoryCommandContext,
): number {
	let values;
	try {
		({values} = parseArgs({
			args: [...argv],
			options: {
				'data-dir': {type: 'string'},
				port: {type: 'string'},
				json: {type: 'boolean', default: false},
				limit: {type: 'string'},
				help: {type: 'boolean', default: false},
			},
			strict: true,
			allowPositionals: false,
		}));
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		context.writeError(`p2p-chat history: ${message} (see --help)\n`);
		return 2;
	}

	if (values.help) {
		context.write(`${historyHelp.trim().replaceAll(/^\t/gmv, '')}\n`);
		return 0;
	}

	const port = parsePort((values.port ?? '1248').trim());
	const limit =
		values.limit === undefined ? Number.MAX_SAFE_INTEGER : Number(values.limit);
	if (
		port === undefined ||
		port === 0 ||
		!Number.isSafeInteger(limit) ||
		limit < 1
	) {
		context.writeError(
			`p2p-chat history: ${port === undefined || port === 0 ? '--port: a port from 1 to 65535 (a --port 0 node keeps nothing)' : '--limit: a whole number of lines, 1 or more'}\n`,
		);
		return 2;
	}

	const directory = values['data-dir'] ?? context.profileOfPort(port);
	let store;
	try {
		store = HistoryStore.open(directory, {readOnly: true});
	} catch (error) {
		if (!(error instanceof StoreError)) throw error;
		context.writeError(`p2p-chat history: ${error.message}\n`);
		return 1;
	}

	try {
		for (const line of store.latest(limit)) {
			context.write(`${values.json ? asJson(line) : asText(line)}\n`);
		}
	} finally {
		store.close();
	}

	return 0;
}

function asText(line: StoredLine): string {
	const time = new Date(line.authorTime).toISOString();
	return `${time} ${printable(whoWrote(line))}: ${printable(line.text)}`;
}

function whoWrote(line: StoredLine): string {
	const signer =
		line.author === undefined
			? ''
			: `${line.nick}·${fingerprintOf(line.author)}`;
	switch (line.kind) {
		case 'own': {
			return `${signer} (you)`;
		}

		case 'native': {
			return signer;
		}

		case 'bridged': {
			return `${line.source ?? 'a legacy host'} (plain, via ${signer})`;
		}

		case 'legacy': {
			return `${line.source ?? line.nick} (plain)`;
		}
	}
}

function asJson(line: StoredLine): string {
	const plain = line.kind === 'legacy' || line.kind === 'bridged';
	return JSON.stringify({
		id: line.id,
		time: line.authorTime,
		kind: line.kind,
		// Plain text has no author key: a bridge signs only that it received it.
		author:
			plain || line.author === undefined ? null : fingerprintOf(line.author),
		nick: plain ? null : line.nick,
		source: line.source ?? null,
		bridge:
			line.kind === 'bridged' && line.author !== undefined
				? `${line.nick}·${fingerprintOf(line.author)}`
				: null,
		verified: !plain,
		text: line.text,
	});
}
