/**
 * Command-line values to a checked configuration. Every rejection is one line
 * that names the flag and says what it accepts; the CLI prints it and exits 2.
 */
import {isAddressError, parseHostPort, parsePort, type HostPort} from './protocol/address.js';

/** A node's settings after validation (bootstrap names not yet resolved). */
export type NodeConfig = {
	readonly port: number;
	readonly host: string;
	readonly nick: string;
	readonly bootstrap: readonly HostPort[];
	readonly headless: boolean;
	readonly exitOnEof: boolean;
};

/** The raw flags as meow hands them over. */
export type RawFlags = {
	readonly port: string;
	readonly host: string;
	readonly nick: string | undefined;
	readonly bootstrap: readonly string[];
	readonly headless: boolean;
	readonly exitOnEof: boolean;
};

/** A usage error: the message to print before exiting with status 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

const nickPattern = /^\S{1,32}$/;

export function parseConfig(flags: RawFlags, input: readonly string[], defaultNick: string): NodeConfig {
	if (input.length > 0) {
		throw new UsageError(`unexpected argument "${input[0]}": every option is a --flag (see --help)`);
	}

	const port = parsePort(flags.port.trim());
	if (port === undefined) {
		throw new UsageError(`--port: "${flags.port}" is not a port; use a number from 0 to 65535 (0 picks a free one)`);
	}

	if (flags.host.trim().length === 0) {
		throw new UsageError('--host: needs an address to listen on, such as 0.0.0.0, 127.0.0.1 or ::');
	}

	const nick = flags.nick ?? defaultNick;
	if (!nickPattern.test(nick)) {
		throw new UsageError(`--nick: "${nick}" is not a nick; use 1 to 32 characters without spaces`);
	}

	const bootstrap = flags.bootstrap.map((value) => {
		const parsed = parseHostPort(value);
		if (isAddressError(parsed)) {
			throw new UsageError(`--bootstrap: ${parsed.error}; use IP:PORT, [IPv6]:PORT or HOSTNAME:PORT`);
		}

		return parsed;
	});

	if (flags.exitOnEof && !flags.headless) {
		throw new UsageError('--exit-on-eof: only works with --headless');
	}

	return {
		port,
		host: flags.host.trim(),
		nick,
		bootstrap,
		headless: flags.headless,
		exitOnEof: flags.exitOnEof,
	};
}
