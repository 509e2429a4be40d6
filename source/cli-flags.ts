/**
 * Command-line arguments to a checked configuration, without side effects:
 * the flag spec lives here so that tests can parse flags in-process.
 * `cli.tsx` prints what this returns and exits with its status. Parsed by
 * Node's own `util.parseArgs`: meow, which did it before, brought 250 KB
 * of code (package.json readers, licence lists) that every start compiled
 * for nothing (issue 15).
 */
import {parseArgs as parseNodeArgs} from 'node:util';
import {
	checkRawArguments,
	parseConfig,
	UsageError,
	type NodeConfig,
	type RawFlags,
} from './config.js';
import {errorMessage} from './node/error-info.js';
import {resolveHost} from './node/resolve-host.js';
import {quickAnswer} from './usage.js';

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

/**
 * The flags. Switches are named as typed (`no-history`): Node 20's parser
 * has no negation, and `--history` alone is not a flag.
 */
const options = {
	port: {type: 'string'},
	bootstrap: {type: 'string', multiple: true},
	room: {type: 'string', multiple: true},
	'dht-bootstrap': {type: 'string', multiple: true},
	host: {type: 'string'},
	nick: {type: 'string'},
	secret: {type: 'string'},
	'data-dir': {type: 'string'},
	headless: {type: 'boolean'},
	'exit-on-eof': {type: 'boolean'},
	'no-history': {type: 'boolean'},
	'no-bell': {type: 'boolean'},
	'no-color': {type: 'boolean'},
} as const;

function parseFlags(argv: readonly string[]): {
	flags: RawFlags;
	input: string[];
} {
	let parsed;
	try {
		parsed = parseNodeArgs({
			args: [...argv],
			options,
			strict: true,
			allowPositionals: true,
		});
	} catch (error) {
		throw new UsageError(flagProblem(errorMessage(error)));
	}

	const {values, positionals} = parsed;
	return {
		flags: {
			port: values.port,
			host: values.host,
			nick: values.nick,
			secret: values.secret,
			dataDir: values['data-dir'],
			bootstrap: values.bootstrap ?? [],
			room: values.room ?? [],
			dhtBootstrap: values['dht-bootstrap'] ?? [],
			headless: values.headless ?? false,
			exitOnEof: values['exit-on-eof'] ?? false,
			history: !values['no-history'],
			bell: !values['no-bell'],
			color: !values['no-color'],
		},
		input: positionals,
	};
}

/**
 * What Node's parser found wrong, in this program's words (its own
 * messages explain its API: "To specify a positional argument...").
 * `checkRawArguments` has caught every `--flag` mistake before; what is
 * left is a short option (`-p`) or a value that looks like one.
 */
function flagProblem(message: string): string {
	const unknown = /^Unknown option '([^']+)'/v.exec(message);
	if (unknown) return `${unknown[1]}: unknown flag (see --help)`;
	const ambiguous = /^Option '(--[a-z\-]+)[^']*' argument is ambiguous/v.exec(
		message,
	);
	if (ambiguous) {
		const flag = ambiguous[1] ?? '';
		return `${flag}: its value starts with "-"; write it as ${flag}=VALUE`;
	}

	return `${message} (see --help)`;
}

export function parseArgs(
	argv: readonly string[],
	{defaultNick, environmentSecret}: ArgsContext,
): ParsedArgs {
	try {
		checkRawArguments(argv);
		const answer = quickAnswer(argv);
		if (answer !== undefined) return {kind: 'print', text: answer, status: 0};

		const {flags, input} = parseFlags(argv);
		const config = parseConfig(flags, input, defaultNick, environmentSecret);
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
