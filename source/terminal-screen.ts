/**
 * The alternate screen (what full-screen programs such as less and vim use),
 * so the chat leaves the shell's scrollback as it found it. Ink 6 has no
 * option for it. Leaving is idempotent, so every exit path may call it.
 */
const enter = '\u001B[?1049h';
// Leave the alternate screen and show the cursor again (Ink hides it).
const leave = '\u001B[?1049l\u001B[?25h';

const entered = new WeakSet<NodeJS.WritableStream>();

export function enterAlternateScreen(stdout: NodeJS.WritableStream): void {
	if (!entered.has(stdout)) {
		entered.add(stdout);
		stdout.write(enter);
	}
}

export function leaveAlternateScreen(stdout: NodeJS.WritableStream): void {
	if (entered.delete(stdout)) {
		stdout.write(leave);
	}
}

/**
 * The terminal went away (SIGHUP): there is no screen to restore, and a
 * write to it fails (EIO). Forget it, and let later writes fail quietly.
 */
export function forgetTerminal(
	stdout: NodeJS.WriteStream,
	stderr: NodeJS.WriteStream,
): void {
	entered.delete(stdout);
	for (const stream of [stdout, stderr]) {
		stream.on('error', () => {
			// Nothing to tell: nobody is reading.
		});
	}
}
