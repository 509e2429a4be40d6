/**
 * Entry point of the full-screen terminal UI. The CLI creates and starts the
 * service, awaits `runUi`, then stops the service and exits: the UI owns the
 * screen, never the process.
 */
import process from 'node:process';
import {render} from 'ink';
import type {ChatServiceApi} from './service/types.js';
import {boundHeapGrowth, resumeOptimisingCompiler} from './heap-growth.js';
import {TerminalAttention} from './terminal-attention.js';
import {
	enterAlternateScreen,
	leaveAlternateScreen,
	reenterAlternateScreen,
} from './terminal-screen.js';
import {handleSuspend, type SignalSource} from './terminal-suspend.js';
import App from './app.js';

/** Streams to draw on and read keys from (default: the process's), and more. */
export type UiOptions = {
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
	/** Ring the terminal's bell when a line mentions us (default true). */
	readonly bell?: boolean;
	/** Where SIGTSTP and SIGCONT come from (default: the process). */
	readonly signals?: SignalSource;
	/** Stop the process after a SIGTSTP (default: SIGSTOP to itself). */
	readonly stopProcess?: () => void;
};

// The cursor, which Ink hid once when it began drawing.
const hideCursor = '\u001B[?25l';

// Ink draws from wherever the cursor is: start from a blank top-left.
const clearAndHome = '\u001B[2J\u001B[H';

/**
 * Show the UI until the user quits (Ctrl-C or `/quit`), then restore the
 * terminal. Does not stop the service. Rejects if rendering fails, with the
 * terminal restored all the same.
 */
export async function runUi(
	service: ChatServiceApi,
	options: UiOptions = {},
): Promise<void> {
	boundHeapGrowth('ui');
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	const attention = new TerminalAttention(service, stdout, {
		bell: options.bell ?? true,
	});
	// Leaving is idempotent; this also covers a process that ends while the
	// UI is up (process.exit from a signal handler, a crash elsewhere).
	const restore = () => {
		attention.hide();
		leaveAlternateScreen(stdout);
	};

	const repaints = new Set<() => void>();
	const repaint = (listener: () => void) => {
		repaints.add(listener);
		return () => {
			repaints.delete(listener);
		};
	};

	const suspending = handleSuspend({
		signals: options.signals ?? process,
		stdin,
		stopProcess:
			options.stopProcess ??
			(() => {
				process.kill(process.pid, 'SIGSTOP');
			}),
		leave: restore,
		enter() {
			reenterAlternateScreen(stdout);
			stdout.write(clearAndHome + hideCursor);
			attention.show();
			for (const listener of repaints) listener();
		},
	});
	process.on('exit', restore);
	enterAlternateScreen(stdout);
	stdout.write(clearAndHome);
	try {
		attention.start();
		const instance = render(
			<App service={service} repaint={repaint} suspend={suspending.suspend} />,
			{
				stdout,
				stdin,
				exitOnCtrlC: false,
			},
		);
		// The first frame is drawn: start-up's one-off code is behind us.
		setImmediate(resumeOptimisingCompiler);
		await instance.waitUntilExit();
	} finally {
		suspending.stop();
		attention.stop();
		restore();
		process.off('exit', restore);
	}
}
