/**
 * The node's run, loaded by `cli.tsx` for anything but `--help` and
 * `--version`: flags -> config -> service -> full-screen UI or headless loop.
 * Every way out (quit, Ctrl-C, SIGTERM, a fatal error) stops the service and
 * leaves the terminal as it was.
 */
import process from 'node:process';
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';
import {UsageError, type NodeConfig} from './config.js';
import {parseArgs, resolveBootstrap, resolveDhtBootstrap} from './cli-flags.js';
import {errorCode, errorMessage} from './node/error-info.js';
import {loadIdentity, newKeyPair} from './node/identity.js';
import {maxNickLength} from './protocol/limits.js';
import {nickProblem} from './protocol/nick.js';
import {ChatService} from './service/chat-service.js';
import {HistoryStore} from './node/store/history-store.js';
import {lockProfile} from './node/store/profile-lock.js';
import {runHeadless} from './headless.js';
import {runHistoryCommand} from './history-command.js';
import {loadUi} from './load-ui.js';
import {resumeOptimisingCompiler} from './heap-growth.js';
import {
	forgetAlternateScreen,
	leaveAlternateScreen,
} from './terminal-screen.js';

/** The user name, cut to a valid nick (characters, not UTF-16 units), or `anon`. */
function defaultNick(): string {
	try {
		const name = [...os.userInfo().username.replaceAll(/[\s\p{Cc}]/gu, '')]
			.slice(0, maxNickLength)
			.join('');
		return name.length > 0 ? name : 'anon';
	} catch {
		return 'anon';
	}
}

function fail(message: string, status: number): never {
	leaveAlternateScreen(process.stdout);
	process.stderr.write(`p2p-chat: ${message}\n`);
	process.exit(status);
}

/**
 * This node's profile: one per port unless --data-dir says otherwise, with
 * its identity; none for an ephemeral port, a throwaway node.
 */
async function loadProfile(config: NodeConfig) {
	if (config.dataDir === undefined && config.port === 0) {
		return {keyPair: newKeyPair(), stateDir: undefined};
	}

	const dataDir = config.dataDir ?? profileOfPort(config.port);
	return {keyPair: await loadIdentity(dataDir), stateDir: dataDir};
}

/** The default profile folder of the node on `port`. */
function profileOfPort(port: number): string {
	return path.join(envPaths('p2p-chat', {suffix: ''}).data, `port-${port}`);
}

async function main(): Promise<void> {
	// Named as the program, not `node …/cli.js --secret …`: on Linux the
	// title is written over the arguments, so `ps` and /proc/PID/cmdline no
	// longer show a --secret given on the command line (meow did this
	// before the flags were parsed by Node's own parser).
	process.title = 'p2p-chat';
	if (process.argv[2] === 'dht') {
		// Only the UI waits for its first frame (cli.tsx).
		resumeOptimisingCompiler();
		// Loaded only here: a chat node without a room never loads the DHT.
		const {runDhtCommand} = await import('./dht-command.js');
		process.exitCode = await runDhtCommand(process.argv.slice(3), {
			write(text) {
				process.stdout.write(text);
			},
			writeError(text) {
				process.stderr.write(text);
			},
		});
		return;
	}

	if (process.argv[2] === 'history') {
		resumeOptimisingCompiler();
		// A reader that stops early (`| head`) is not an error.
		process.stdout.on('error', () => {
			process.exit(process.exitCode ?? 0);
		});
		process.exitCode = runHistoryCommand(process.argv.slice(3), {
			write(text) {
				process.stdout.write(text);
			},
			writeError(text) {
				process.stderr.write(text);
			},
			profileOfPort,
		});
		return;
	}

	const parsed = parseArgs(process.argv.slice(2), {
		defaultNick: defaultNick(),
		environmentSecret: process.env['P2P_CHAT_SECRET'],
	});
	if (parsed.kind === 'print') {
		process.stdout.write(parsed.text);
		process.exit(parsed.status);
	}

	if (parsed.kind === 'usage-error') fail(parsed.message, parsed.status);
	const {config} = parsed;
	// The UI's modules start loading now, while the profile is read and the
	// node starts listening (what they wait for overlaps).
	const ui =
		!config.headless && process.stdin.isTTY ? loadUi(config) : undefined;
	// The UI waits for its first frame (ui.tsx); nothing else has one.
	if (!ui) resumeOptimisingCompiler();
	let bootstrap;
	let dhtBootstrap;
	try {
		bootstrap = await resolveBootstrap(config);
		dhtBootstrap = await resolveDhtBootstrap(config);
	} catch (error) {
		if (error instanceof UsageError) fail(error.message, 2);
		throw error;
	}

	let profile;
	let history;
	try {
		profile = await loadProfile(config);
		if (profile.stateDir !== undefined) {
			// One node per profile, history or not: held until the process
			// ends (the OS lets it go however it ends; released on exit here
			// too, which also keeps the lock's connection from being collected).
			const lock = lockProfile(profile.stateDir);
			process.on('exit', () => {
				lock.release();
			});
			if (config.history) history = HistoryStore.open(profile.stateDir);
		}
	} catch (error) {
		fail(errorMessage(error), 1);
	}

	// `--nick` wins; else the nick this profile last used (if still a valid
	// one); else the user name.
	const stored = history?.nick();
	const nick =
		config.nickGiven || stored === undefined || nickProblem(stored)
			? config.nick
			: stored;
	const service = new ChatService({
		...config,
		nick,
		bootstrap,
		dhtBootstrap,
		...profile,
		history,
	});
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

	const {runUi} = await (ui ?? loadUi(config));
	await runUi(service, {bell: config.bell});
	await shutdown(0);
}

process.on('uncaughtException', (error) => {
	fail(`internal error: ${error.stack ?? error.message}`, 1);
});

await main();
