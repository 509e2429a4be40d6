/**
 * Carry out a parsed command against the service API. Command output goes
 * into the log as notices (`service.note`), so it scrolls with the chat and
 * the headless mode could reuse the same runner.
 */
import type {ChatServiceApi} from '../service/types.js';
import {maxNickLength} from '../limits.js';
import {parseCommand, type Command} from './parse-command.js';
import {connectLine, peersLines, whoisLines} from './peer-info.js';

/** What a command may act on. */
export type CommandContext = {
	readonly service: ChatServiceApi;
	/** Leave the UI. */
	readonly quit: () => void;
};

/** The `/help` text, one notice per line. */
export const helpLines: readonly string[] = [
	'Commands:',
	'  /help               this list',
	`  /nick NAME          change your nick (no spaces, at most ${maxNickLength} characters)`,
	'  /connect HOST:PORT  add a peer and contact it',
	'  /peers              list known peers',
	'  /whois NICK         show the keys, addresses and links of the peers called NICK',
	'  /clear              clear the message pane',
	'  /quit               leave (Ctrl-C works too)',
	'  //text              send a line that starts with "/" (as "/text")',
	'Nicks are labels: bob·1a2b3c4d is bob with key fingerprint 1a2b3c4d, shown when two keys share a nick.',
	'Lines marked (plain) come from legacy peers: not signed, anyone could have sent them.',
	'Keys: PgUp/PgDn scroll, Home oldest, End newest, Ctrl-C quit',
	'Editing: Left/Right move, Ctrl-A/Ctrl-E start/end, Ctrl-U/Ctrl-K delete before/after the cursor, Ctrl-W delete a word',
];

/** Parse and run one typed line. Never rejects: failures become notices. */
export async function runLine(
	line: string,
	context: CommandContext,
): Promise<void> {
	await runCommand(parseCommand(line), context);
}

/** Run a parsed command. Never rejects: failures become notices. */
export async function runCommand(
	command: Command,
	{service, quit}: CommandContext,
): Promise<void> {
	try {
		switch (command.type) {
			case 'none': {
				return;
			}

			case 'send': {
				// Per-host failures are in the resolved report and the service logs
				// them; only a rejection (nothing was attempted) is ours to show.
				await service.send(command.text);
				return;
			}

			case 'help': {
				noteAll(service, helpLines);
				return;
			}

			case 'nick': {
				// The service confirms the change in the log itself.
				service.setNick(command.nick);
				return;
			}

			case 'connect': {
				service.note(`Connecting to ${command.address}…`);
				const host = await service.connect(command.address);
				service.note(connectLine(host, service.getSnapshot().network));
				return;
			}

			case 'peers': {
				noteAll(service, peersLines(service.getSnapshot()));
				return;
			}

			case 'whois': {
				noteAll(service, whoisLines(service.getSnapshot(), command.nick));
				return;
			}

			case 'clear': {
				service.clear();
				return;
			}

			case 'quit': {
				quit();
				return;
			}

			case 'invalid': {
				service.note(command.message);
				return;
			}

			case 'unknown': {
				service.note(`Unknown command ${command.name} — type /help`);
			}
		}
	} catch (error) {
		service.note(
			error instanceof Error ? error.message : String(error),
			'error',
		);
	}
}

function noteAll(service: ChatServiceApi, lines: readonly string[]): void {
	for (const line of lines) {
		service.note(line);
	}
}
