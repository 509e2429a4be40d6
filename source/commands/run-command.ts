/**
 * Carry out a typed line against the service API. Command output goes into
 * the log as notices (`service.note`), so it scrolls with the chat and the
 * headless mode could reuse the same runner.
 */
import type {CommandContext} from './command.js';
import {readLine} from './parse-command.js';

/** Read and run one typed line. Never rejects: failures become notices. */
export async function runLine(
	line: string,
	context: CommandContext,
): Promise<void> {
	try {
		await readLine(line).run?.(context);
	} catch (error) {
		context.service.note(
			error instanceof Error ? error.message : String(error),
			'error',
		);
	}
}
