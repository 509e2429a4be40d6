#!/usr/bin/env node
/**
 * Entry point: flags -> config -> service -> full-screen UI or headless loop.
 * Every way out (quit, Ctrl-C, SIGTERM, a fatal error) stops the service and
 * leaves the terminal as it was.
 */
import process from 'node:process';
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import meow from 'meow';
import {
	checkRawArguments,
	parseConfig,
	UsageError,
	type NodeConfig,
} from './config.js';
import {errorCode, errorMessage} from './node/error-info.js';
import {loadIdentity, newKeyPair} from './node/identity.js';
import {resolveHost} from './node/resolve-host.js';
import {ChatService} from './service/chat-service.js';
import {runHeadless} from './headless.js';
import {
	forgetAlternateScreen,
	leaveAlternateScreen,
} from './terminal-screen.js';

try {
	checkRawArguments(process.argv.slice(2));
} catch (error) {
	fail(errorMessage(error), 2);
}

const cli = meow(
	`
	Usage
	  $ p2p-chat [options]

	Options
	  --port <n>               Port to listen on (default 1248; 0 picks a free one)
	  --bootstrap <host:port>  A running node to join through; repeat for more.
	                           IPv4 (1.2.3.4:7001), IPv6 ([::1]:7001) or a host name
	  --host <addr>            Address to listen on (default 0.0.0.0, all IPv4)
	  --nick <name>            Your name, shown to peers (default: your user name)
	  --secret <s>             Network secret: only peers that know it are let in,
	                           and plain-text (legacy) hosts are refused. Prefer the
	                           P2P_CHAT_SECRET environment variable (kept out of
	                           shell history and the process list)
	  --data-dir <path>        Folder of this node's identity key (default: one
	                           profile per port in your data folder; with --port 0
	                           and no --data-dir, a new identity each run)
	  --headless               No UI: read lines from stdin, print events to stdout
	  --exit-on-eof            With --headless: exit once input ends and every line
	                           has been answered (status 0 if all were delivered)
	  --help                   Show this help
	  --version                Show the version

	In the UI: type and press Enter to send. /help lists the commands
	(/nick, /connect, /peers, /whois, /clear, /quit); PgUp/PgDn/Home/End scroll.

	Examples
	  $ p2p-chat --port 7001
	  $ p2p-chat --port 7002 --bootstrap 127.0.0.1:7001
	  $ echo hello | p2p-chat --headless --port 0 --bootstrap 127.0.0.1:7001 --exit-on-eof
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			// Defaults live in parseConfig: meow would hide a missing value behind them.
			port: {type: 'string'},
			bootstrap: {type: 'string', isMultiple: true, default: []},
			host: {type: 'string'},
			nick: {type: 'string'},
			secret: {type: 'string'},
			dataDir: {type: 'string'},
			headless: {type: 'boolean', default: false},
			exitOnEof: {type: 'boolean', default: false},
		},
	},
);

function defaultNick(): string {
	try {
		const name = os.userInfo().username.replaceAll(/\s/g, '');
		return name.length > 0 ? name.slice(0, 32) : 'anon';
	} catch {
		return 'anon';
	}
}

function fail(message: string, status: number): never {
	leaveAlternateScreen(process.stdout);
	process.stderr.write(`p2p-chat: ${message}\n`);
	process.exit(status);
}

async function resolveBootstrap(config: NodeConfig) {
	return Promise.all(
		config.bootstrap.map(async (entry) => {
			try {
				return {host: await resolveHost(entry.host), port: entry.port};
			} catch (error) {
				throw new UsageError(
					`--bootstrap: ${errorMessage(error)}; use IP:PORT, [IPv6]:PORT or HOSTNAME:PORT`,
				);
			}
		}),
	);
}

/** The identity of this node's profile: one per port unless --data-dir says otherwise. */
async function loadProfileIdentity(config: NodeConfig) {
	if (config.dataDir === undefined && config.port === 0) {
		// An ephemeral port is a throwaway node: it gets a throwaway identity.
		return newKeyPair();
	}

	const dataDir =
		config.dataDir ??
		path.join(envPaths('p2p-chat', {suffix: ''}).data, `port-${config.port}`);
	return loadIdentity(dataDir);
}

async function main(): Promise<void> {
	let config: NodeConfig;
	let bootstrap;
	try {
		config = parseConfig(
			cli.flags,
			cli.input,
			defaultNick(),
			process.env['P2P_CHAT_SECRET'],
		);
		bootstrap = await resolveBootstrap(config);
	} catch (error) {
		if (error instanceof UsageError) fail(error.message, 2);
		throw error;
	}

	let keyPair;
	try {
		keyPair = await loadProfileIdentity(config);
	} catch (error) {
		fail(errorMessage(error), 1);
	}

	const service = new ChatService({...config, bootstrap, keyPair});
	try {
		await service.start();
	} catch (error) {
		fail(errorMessage(error), 1);
	}

	let stopping = false;
	const shutdown = async (status: number) => {
		if (stopping) {
			// A second Ctrl-C or SIGTERM: the user means it.
			process.exit(status);
		}

		stopping = true;
		leaveAlternateScreen(process.stdout);
		// A peer that never finishes reading must not keep us from exiting.
		setTimeout(() => {
			process.exit(status);
		}, 3000).unref();
		await service.stop();
		process.exit(status);
	};

	process.on('SIGINT', () => {
		void shutdown(0);
	});
	process.on('SIGTERM', () => {
		void shutdown(0);
	});
	// The window closed (SIGHUP), or writing to it fails because it is gone
	// (EIO; EPIPE for a pipe whose reader quit). Say goodbye to the peers,
	// then die of the hangup as other programs do (status 129): exiting
	// normally, Node would abort trying to restore the vanished terminal.
	let hungUp = false;
	const hangUp = () => {
		if (hungUp) return;
		hungUp = true;
		stopping = true;
		forgetAlternateScreen(process.stdout);
		const die = () => {
			process.removeAllListeners('SIGHUP');
			process.kill(process.pid, 'SIGHUP');
		};

		setTimeout(die, 3000).unref();
		void service.stop().finally(die);
	};

	process.on('SIGHUP', hangUp);
	for (const stream of [process.stdout, process.stderr, process.stdin]) {
		stream.on('error', (error: Error) => {
			const code = errorCode(error);
			if (code !== 'EIO' && code !== 'EPIPE') throw error;
			hangUp();
		});
	}

	if (config.headless) {
		const status = await runHeadless(service, {
			input: process.stdin,
			output: process.stdout,
			exitOnEof: config.exitOnEof,
		});
		await shutdown(status);
		return;
	}

	if (!process.stdin.isTTY) {
		await service.stop();
		fail(
			'the full-screen UI needs a terminal on stdin; use --headless for pipes and scripts',
			2,
		);
	}

	// Ink draws only a final frame when it thinks it runs under CI (the CI
	// variable); a person at a terminal wants the live UI wherever they are.
	// Ink reads the variable when it is loaded, hence the late import.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	const {runUi} = await import('./ui.js');
	await runUi(service);
	await shutdown(0);
}

process.on('uncaughtException', (error) => {
	fail(`internal error: ${error.stack ?? error.message}`, 1);
});

await main();
