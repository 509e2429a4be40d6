/**
 * Carry out a parsed command against the service API. Command output goes
 * into the log as notices (`service.note`), so it scrolls with the chat and
 * the headless mode could reuse the same runner.
 */
import type {ChatServiceApi, HostView} from '../service/types.js';
import {formatClock} from '../components/format.js';
import {maxNickLength, parseCommand, type Command} from './parse-command.js';

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
	'  /clear              clear the message pane',
	'  /quit               leave (Ctrl-C works too)',
	'  //text              send a line that starts with "/" (as "/text")',
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
				for (const line of helpLines) {
					service.note(line);
				}

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
				service.note(
					host.status === 'reachable'
						? `Connected to ${host.id}`
						: `Added ${host.id} (${host.status}; will retry)`,
				);
				return;
			}

			case 'peers': {
				listPeers(service);
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

function listPeers(service: ChatServiceApi): void {
	const {hosts} = service.getSnapshot();
	if (hosts.length === 0) {
		service.note('No known peers yet. Add one with /connect HOST:PORT');
		return;
	}

	const reachable = hosts.filter((host) => host.status === 'reachable').length;
	service.note(`Known peers: ${hosts.length} (${reachable} reachable)`);
	for (const host of hosts) {
		service.note(`  ${describeHost(host)}`);
	}
}

/** One `/peers` line: id, status, dialect, last seen, trouble if any. */
export function describeHost(host: HostView): string {
	const parts = [
		host.id,
		host.status,
		host.dialect === 'legacy' ? 'legacy' : 'dialect unknown',
		host.lastSeen === undefined
			? 'never seen'
			: `last seen ${formatClock(host.lastSeen)}`,
	];
	if (host.queued > 0) {
		parts.push(`${host.queued} queued`);
	}

	if (host.failures > 0) {
		parts.push(`${host.failures} failed attempts`);
	}

	return parts.join('  ');
}
