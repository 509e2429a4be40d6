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

const helpText = `
	Usage
	  $ p2p-chat [options]
	  $ p2p-chat history [--data-dir <path> | --port <n>] [--json] [--limit <n>]
	    (prints a profile's stored conversation and exits; see history --help)
	  $ p2p-chat dht --host <public IPv4> [--port <n>]
	    (runs a DHT bootstrap node for --dht-bootstrap; see dht --help)

	Options
	  --port <n>               Port to listen on (default 1248; 0 picks a free one)
	  --bootstrap <host:port>  A running node to join through; repeat for more.
	                           IPv4 (1.2.3.4:7001), IPv6 ([::1]:7001) or a host name
	  --room <name>            Join a room by name over the Hyperswarm DHT: peers
	                           anywhere on the internet find each other, through
	                           NATs, with no address typed; repeat for more rooms.
	                           With --secret, the room's DHT topic is secret too
	  --dht-bootstrap <host:port>
	                           A DHT node to start from instead of the public
	                           Hyperswarm ones (repeat for more); p2p-chat dht
	                           runs one
	  --host <addr>            Address to listen on (default 0.0.0.0, all IPv4)
	  --nick <name>            Your name, shown to peers (default: the one you last
	                           used with this profile, else your user name)
	  --secret <s>             Network secret: only peers that know it are let in,
	                           and plain-text (legacy) hosts are refused. Prefer the
	                           P2P_CHAT_SECRET environment variable (kept out of
	                           shell history and the process list)
	  --data-dir <path>        Folder of this node's profile: its identity key, the
	                           conversation, your nick, the peers met (dialed again
	                           at the next start) and the replay floors; one node
	                           at a time (default: one profile per port in your
	                           data folder; with --port 0 and no --data-dir, a new
	                           identity each run, nothing kept)
	  --no-history             Keep no conversation, nick or peers on disk (no
	                           rejoin without --bootstrap); the identity is still
	                           the profile's
	  --no-bell                Do not ring the terminal's bell when a line mentions
	                           your nick
	  --no-color               Draw without colour (as NO_COLOR=1 does)
	  --headless               No UI: read lines from stdin, print events to stdout
	  --exit-on-eof            With --headless: exit once input ends and every line
	                           has been answered (status 0 if all were delivered)
	  --help                   Show this help
	  --version                Show the version

	In the UI: type and press Enter to send. /help lists the commands
	(/nick, /connect, /join-room, /peers, /whois, /history, /search, /jump,
	/away, /clear, /quit);
	PgUp/PgDn scroll (PgUp on through the stored history), Alt-Home/Alt-End
	go to the oldest/newest; Up/Down recall, Tab completes; /help lists the keys.

	Examples
	  $ p2p-chat --port 7001
	  $ p2p-chat --port 7002 --bootstrap 127.0.0.1:7001
	  $ p2p-chat --room lobby
	  $ echo hello | p2p-chat --headless --port 0 --bootstrap 127.0.0.1:7001 --exit-on-eof
`;

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
		const lone = argv.length === 1 ? argv[0] : undefined;
		if (lone === '--help' || lone === '--version') {
			// Meow would print and exit here; the caller prints instead.
			const cli = parseFlags([]);
			const text = lone === '--help' ? cli.help : (cli.pkg.version ?? '');
			return {kind: 'print', text: `${text}\n`, status: 0};
		}

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
