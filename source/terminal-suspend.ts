/**
 * Suspending and resuming the full-screen UI as other terminal programs
 * do. On SIGTSTP (`kill -TSTP`, or a key the input maps to it) the
 * terminal is given back as the shell expects it (main screen, cursor
 * shown, line mode, its own title) before the process stops itself. On
 * SIGCONT (`fg`) it is taken again and redrawn whole. A stop nobody could
 * catch (SIGSTOP from outside) leaves the shell to reset the terminal to
 * line mode behind our back, so SIGCONT takes everything again in any case.
 */

/** Where the signals come from: the process, or a stand-in in tests. */
export type SignalSource = {
	on(signal: 'SIGTSTP' | 'SIGCONT', listener: () => void): unknown;
	off(signal: 'SIGTSTP' | 'SIGCONT', listener: () => void): unknown;
};

/** The part of stdin whose mode is restored. */
export type RawModeStream = {
	readonly isTTY?: boolean;
	readonly isRaw?: boolean;
	setRawMode?(mode: boolean): unknown;
};

/** What suspending needs. */
export type SuspendOptions = {
	readonly signals: SignalSource;
	readonly stdin: RawModeStream;
	/** Stop this process (SIGSTOP to itself: SIGTSTP no longer does it). */
	readonly stopProcess: () => void;
	/** Give the screen back (main screen, cursor, title). */
	readonly leave: () => void;
	/** Take the screen again and draw it whole. */
	readonly enter: () => void;
};

/** What `handleSuspend` returns. */
export type SuspendHandling = {
	/**
	 * Suspend now, as on SIGTSTP: for Ctrl-Z, which a terminal in raw
	 * mode hands over as a key instead of a signal.
	 */
	readonly suspend: () => void;
	/** Stop handling the signals. */
	readonly stop: () => void;
};

/** Handle SIGTSTP and SIGCONT until `stop` is called. */
export function handleSuspend(options: SuspendOptions): SuspendHandling {
	const {signals, stdin} = options;
	let raw = false;
	const onStop = () => {
		options.leave();
		raw = stdin.isRaw === true;
		if (raw) stdin.setRawMode?.(false);
		options.stopProcess();
	};

	const onContinue = () => {
		// Node still believes the mode it last set, and does nothing when
		// asked for it again: off first, then on, so raw mode is set anew.
		if (raw || stdin.isRaw === true) {
			if (stdin.isRaw === true) stdin.setRawMode?.(false);
			stdin.setRawMode?.(true);
		}

		raw = false;
		options.enter();
	};

	signals.on('SIGTSTP', onStop);
	signals.on('SIGCONT', onContinue);
	return {
		suspend: onStop,
		stop() {
			signals.off('SIGTSTP', onStop);
			signals.off('SIGCONT', onContinue);
		},
	};
}
