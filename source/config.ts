/**
 * Command-line values to a checked configuration. Every rejection is one line
 * that names the flag and says what it accepts; the CLI prints it and exits 2.
 */
import {isIP} from 'node:net';
import {nickProblem} from './protocol/nick.js';
import {roomNameProblem} from './node/room-topic.js';
import {
	isAddressError,
	parseHostPort,
	parsePort,
	type HostPort,
} from './protocol/address.js';

/** A node's settings after validation (bootstrap names not yet resolved). */
export type NodeConfig = {
	readonly port: number;
	readonly host: string;
	readonly nick: string;
	/** `--nick` was given: it wins over the nick the profile kept. */
	readonly nickGiven: boolean;
	readonly bootstrap: readonly HostPort[];
	/** Rooms to join over the Hyperswarm DHT (`--room`, repeatable). */
	readonly rooms: readonly string[];
	/** DHT nodes to start from (`--dht-bootstrap`); none: the public ones. */
	readonly dhtBootstrap: readonly HostPort[];
	readonly headless: boolean;
	readonly exitOnEof: boolean;
	/** Where the identity lives; undefined: the default profile for the port. */
	readonly dataDir: string | undefined;
	/** Keep the conversation in the profile (false with `--no-history`). */
	readonly history: boolean;
	/** The network secret, from `--secret` or `P2P_CHAT_SECRET`. */
	readonly secret: string | undefined;
	/** Ring the terminal's bell when a line mentions us (false with `--no-bell`). */
	readonly bell: boolean;
	/** Draw in colour if the terminal can (false with `--no-color`). */
	readonly color: boolean;
};

/** The flags as given, before they are checked (`cli-flags.ts` reads them). */
export type RawFlags = {
	readonly port: string | undefined;
	readonly host: string | undefined;
	readonly nick: string | undefined;
	readonly bootstrap: readonly string[];
	readonly room: readonly string[];
	readonly dhtBootstrap: readonly string[];
	readonly headless: boolean;
	readonly exitOnEof: boolean;
	readonly dataDir: string | undefined;
	readonly secret: string | undefined;
	readonly history: boolean;
	readonly bell: boolean;
	readonly color: boolean;
};

/** A usage error: the message to print before exiting with status 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

const valueFlags = new Set([
	'port',
	'bootstrap',
	'room',
	'dht-bootstrap',
	'host',
	'nick',
	'data-dir',
	'secret',
]);
const switchFlags = new Set([
	'headless',
	'exit-on-eof',
	'no-history',
	'no-bell',
	'no-color',
]);
/** Value flags that may be given more than once. */
const repeatable = new Set(['bootstrap', 'room', 'dht-bootstrap']);
/** Answered before any parsing (`usage.ts`): the help or the version. */
const answeredFlags = new Set(['help', 'version']);

/**
 * The mistakes a person makes with `--flags`, caught in the raw arguments
 * and told in this program's words before the parser sees them: an unknown
 * flag, a value flag without its value, a switch given one
 * (`--headless=yes`), a single-value flag given twice.
 */
export function checkRawArguments(argv: readonly string[]): void {
	const seen = new Set<string>();
	for (const [index, argument] of argv.entries()) {
		// `[\s\S]`: a value may hold a line break.
		const match = /^--([a-z-]+)(=[\s\S]*)?$/.exec(argument);
		if (!match) {
			continue;
		}

		const [, name = '', inline] = match;
		if (
			!valueFlags.has(name) &&
			!switchFlags.has(name) &&
			!answeredFlags.has(name)
		) {
			throw new UsageError(`--${name}: unknown flag (see --help)`);
		}

		const next = argv[index + 1];
		if (
			valueFlags.has(name) &&
			inline === undefined &&
			(next === undefined || next.startsWith('--'))
		) {
			throw new UsageError(`--${name}: needs a value (see --help)`);
		}

		if (switchFlags.has(name) && inline !== undefined) {
			throw new UsageError(`--${name}: is a switch and takes no value`);
		}

		if (valueFlags.has(name) && !repeatable.has(name) && seen.has(name)) {
			throw new UsageError(`--${name}: given more than once`);
		}

		seen.add(name);
	}
}

export function parseConfig(
	flags: RawFlags,
	input: readonly string[],
	defaultNick: string,
	environmentSecret?: string,
): NodeConfig {
	if (input.length > 0) {
		throw new UsageError(
			`unexpected argument "${input[0]}": every option is a --flag (see --help)`,
		);
	}

	const portText = flags.port ?? '1248';
	const port = parsePort(portText.trim());
	if (port === undefined) {
		throw new UsageError(
			`--port: "${portText}" is not a port; use a number from 0 to 65535 (0 picks a free one)`,
		);
	}

	const host = (flags.host ?? '0.0.0.0').trim();
	if (host.length === 0) {
		throw new UsageError(
			'--host: needs an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::',
		);
	}

	if (/^[\d.]+$/v.test(host) && isIP(host) === 0) {
		throw new UsageError(
			`--host: "${host}" is not an IP address; use one of this machine's, such as 0.0.0.0, 127.0.0.1 or ::`,
		);
	}

	const nick = flags.nick ?? defaultNick;
	const problem = nickProblem(nick);
	if (problem !== undefined) {
		throw new UsageError(`--nick: "${nick}" is not a nick: ${problem}`);
	}

	const bootstrap = flags.bootstrap.map((value) => {
		const parsed = parseHostPort(value);
		if (isAddressError(parsed)) {
			throw new UsageError(
				`--bootstrap: ${parsed.error}; use IP:PORT, [IPv6]:PORT or HOSTNAME:PORT`,
			);
		}

		return parsed;
	});

	const rooms = flags.room.map((name) => {
		const problem = roomNameProblem(name);
		if (problem !== undefined) {
			throw new UsageError(`--room: "${name}": ${problem}`);
		}

		return name;
	});
	const dhtBootstrap = flags.dhtBootstrap.map((value) => {
		const parsed = parseHostPort(value);
		if (isAddressError(parsed)) {
			throw new UsageError(
				`--dht-bootstrap: ${parsed.error}; use IP:PORT or HOSTNAME:PORT of a DHT node (p2p-chat dht runs one)`,
			);
		}

		return parsed;
	});

	if (flags.exitOnEof && !flags.headless) {
		throw new UsageError('--exit-on-eof: only works with --headless');
	}

	if (flags.dataDir?.trim().length === 0) {
		throw new UsageError('--data-dir: needs a folder path');
	}

	const secret = flags.secret ?? environmentSecret;
	if (secret?.length === 0) {
		throw new UsageError(
			flags.secret === undefined
				? 'P2P_CHAT_SECRET is set but empty: unset it for an open network'
				: '--secret: must not be empty',
		);
	}

	return {
		dataDir: flags.dataDir,
		secret,
		port,
		host,
		nick,
		nickGiven: flags.nick !== undefined,
		bootstrap,
		rooms,
		dhtBootstrap,
		headless: flags.headless,
		exitOnEof: flags.exitOnEof,
		history: flags.history,
		bell: flags.bell,
		color: flags.color,
	};
}
