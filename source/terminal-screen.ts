/**
 * The alternate screen (what full-screen programs such as less and vim use),
 * so the chat leaves the shell's scrollback as it found it. Ink 6 has no
 * option for it. Leaving is idempotent, so every exit path may call it.
 *
 * Bracketed paste goes on and off with it: while it is on, the terminal
 * marks a paste (`\e[200~` … `\e[201~`), so the input box can take a
 * pasted text as text (line breaks and all) instead of as keys; left on
 * after we exit, the shell would see the markers around every paste.
 */
const enter = '\u001B[?1049h\u001B[?2004h';
// Bracketed paste off, leave the alternate screen, show the cursor again
// (Ink hides it).
const leave = '\u001B[?2004l\u001B[?1049l\u001B[?25h';

const entered = new WeakSet<NodeJS.WritableStream>();

export function enterAlternateScreen(stdout: NodeJS.WritableStream): void {
	if (!entered.has(stdout)) {
		entered.add(stdout);
		stdout.write(enter);
	}
}

/**
 * Enter it again even if we believe we are in it: after a stop from
 * outside (SIGSTOP) the shell may have drawn on it and reset the modes.
 */
export function reenterAlternateScreen(stdout: NodeJS.WritableStream): void {
	entered.add(stdout);
	stdout.write(enter);
}

export function leaveAlternateScreen(stdout: NodeJS.WritableStream): void {
	if (entered.delete(stdout)) {
		stdout.write(leave);
	}
}

/**
 * The terminal went away (SIGHUP): there is no screen to restore, and a
 * write to it would fail (EIO).
 */
export function forgetAlternateScreen(stdout: NodeJS.WritableStream): void {
	entered.delete(stdout);
}
