/**
 * Command-line arguments to a checked configuration, without side effects:
 * the help text and meow's flag spec live here so that tests can parse flags
 * in-process. `cli.tsx` prints what this returns and exits with its status.
 */
import meow from 'meow';
import {
	checkRawArguments,
	parseConfig,
	UsageError,
	type NodeConfig,
} from './config.js';
import {errorMessage} from './node/error-info.js';
import {resolveHost} from './node/resolve-host.js';
import {helpText, quickAnswer} from './usage.js';

/** What the arguments ask for: run a node, print and exit, or a usage error (status 2). */
export type ParsedArgs =
	| {readonly kind: 'run'; readonly config: NodeConfig}
	| {readonly kind: 'print'; readonly text: string; readonly status: 0}
	| {
			readonly kind: 'usage-error';
			readonly message: string;
			readonly status: 2;
	  };

/** The parts of the environment the flags fall back on. */
export type ArgsContext = {
	readonly defaultNick: string;
	/** `P2P_CHAT_SECRET`, if set. */
	readonly environmentSecret: string | undefined;
};

function parseFlags(argv: readonly string[]) {
	return meow(helpText, {
		importMeta: import.meta,
		argv: [...argv],
		allowUnknownFlags: false,
		flags: {
			// Defaults live in parseConfig: meow would hide a missing value behind them.
			port: {type: 'string'},
			bootstrap: {type: 'string', isMultiple: true, default: []},
			room: {type: 'string', isMultiple: true, default: []},
			dhtBootstrap: {type: 'string', isMultiple: true, default: []},
			host: {type: 'string'},
			nick: {type: 'string'},
			secret: {type: 'string'},
			dataDir: {type: 'string'},
			headless: {type: 'boolean', default: false},
			exitOnEof: {type: 'boolean', default: false},
			history: {type: 'boolean', default: true},
			bell: {type: 'boolean', default: true},
			color: {type: 'boolean', default: true},
		},
	});
}

export function parseArgs(
	argv: readonly string[],
	{defaultNick, environmentSecret}: ArgsContext,
): ParsedArgs {
	try {
		checkRawArguments(argv);
		// Meow would print and exit here; the caller prints instead.
		const answer = quickAnswer(argv);
		if (answer !== undefined) return {kind: 'print', text: answer, status: 0};

		const cli = parseFlags(argv);
		const config = parseConfig(
			cli.flags,
			cli.input,
			defaultNick,
			environmentSecret,
		);
		return {kind: 'run', config};
	} catch (error) {
		if (error instanceof UsageError) {
			return {kind: 'usage-error', message: error.message, status: 2};
		}

		throw error;
	}
}

/** Resolve bootstrap host names; an unknown one is a usage error. */
export async function resolveBootstrap(config: NodeConfig) {
	return resolveAll(config.bootstrap, '--bootstrap');
}

/** Resolve the DHT bootstrap nodes' names; an unknown one is a usage error. */
export async function resolveDhtBootstrap(config: NodeConfig) {
	return resolveAll(config.dhtBootstrap, '--dht-bootstrap');
}

async function resolveAll(
	entries: NodeConfig['bootstrap'],
	flag: string,
): Promise<Array<{host: string; port: number}>> {
	return Promise.all(
		entries.map(async (entry) => {
			try {
				return {host: await resolveHost(entry.host), port: entry.port};
			} catch (error) {
				throw new UsageError(
					`${flag}: ${errorMessage(error)}; use IP:PORT, [IPv6]:PORT or HOSTNAME:PORT`,
				);
			}
		}),
	);
}
