/**
 * Tab completion, pure: what the word before the cursor can become. As in
 * irssi and weechat, Tab puts in the first candidate and each further Tab
 * the next (Shift-Tab goes back), so there is no list to read:
 *
 * - a command name after `/` (`/wh` -> `/whois `);
 * - a command's argument, by what its usage names it (`/whois NICK`: a
 *   nick, or a `nick·fingerprint` label when keys share the nick;
 *   `/connect HOST:PORT`: a known address), so a command added to the
 *   table completes with no code here;
 * - a nick anywhere else: `bob: ` at the start of a line (the way to
 *   address someone), `bob ` inside it.
 */
import type {LineState} from './edit-line.js';

/** What completion needs of a command: its name and its usage (`/whois NICK`). */
export type CommandInfo = {readonly name: string; readonly usage: string};

/** Everything a word can complete to, most likely first. */
export type CompletionWords = {
	readonly commands: readonly CommandInfo[];
	/** Nicks of peers, the most recent speakers first; not our own. */
	readonly nicks: readonly string[];
	/** Nicks, and `nick·fingerprint` for each key of a nick that keys share. */
	readonly labels: readonly string[];
	/** `host:port` of the peers and hosts known. */
	readonly addresses: readonly string[];
};

/** A Tab cycle: the word starts at `start`; `index` is the candidate shown. */
export type Completion = {
	readonly start: number;
	readonly candidates: readonly string[];
	readonly index: number;
};

/**
 * The candidates for the word before the cursor (each with what follows
 * it: a space, or `: ` after a nick at the start of a line), or undefined.
 */
export function completionAt(
	line: LineState,
	words: CompletionWords,
):
	{readonly start: number; readonly candidates: readonly string[]} | undefined {
	const before = line.value.slice(0, line.cursor);
	const start = before.search(/\S*$/);
	const word = before.slice(start);
	const isCommand = before.startsWith('/') && !before.startsWith('//');
	let candidates: string[];
	if (isCommand && start === 0) {
		candidates = matching(
			words.commands.map((command) => `/${command.name}`),
			word,
		).map((name) => `${name} `);
	} else if (isCommand) {
		const kind = argumentKind(before.slice(0, start), words.commands);
		const pool =
			kind === 'address'
				? words.addresses
				: kind === 'nick'
					? words.labels
					: words.nicks;
		candidates = matching(pool, word).map((candidate) => `${candidate} `);
	} else {
		candidates = nickCandidates(word, start === 0, words.nicks);
	}

	return candidates.length === 0 ? undefined : {start, candidates};
}

/** Put candidate `completion.index` in place of the word (or the one shown before). */
export function applyCompletion(
	line: LineState,
	completion: Completion,
): LineState {
	const {value, cursor} = line;
	let candidate = completion.candidates[completion.index] ?? '';
	// A space after the cursor already: do not add a second.
	if (candidate.endsWith(' ') && value[cursor] === ' ') {
		candidate = candidate.slice(0, -1);
	}

	return {
		value: value.slice(0, completion.start) + candidate + value.slice(cursor),
		cursor: completion.start + candidate.length,
	};
}

/** A nick being typed; `@bo` completes to `@bob`. */
function nickCandidates(
	word: string,
	atStart: boolean,
	nicks: readonly string[],
): string[] {
	const at = word.startsWith('@') ? '@' : '';
	// Tab in the middle of a sentence with no word started is not a request.
	if (word === '' && !atStart) return [];
	const suffix = atStart && at === '' ? ': ' : ' ';
	return matching(nicks, word.slice(at.length)).map(
		(nick) => `${at}${nick}${suffix}`,
	);
}

/**
 * What the argument being typed is, from the command's usage: the
 * placeholder at its place (`/whois NICK`, `/msg NICK TEXT`) names it.
 */
function argumentKind(
	typed: string,
	commands: readonly CommandInfo[],
): 'nick' | 'address' | 'text' {
	const [name = '', ...done] = typed.trim().split(/\s+/);
	const command = commands.find(
		(entry) => `/${entry.name}` === name.toLowerCase(),
	);
	const placeholder = command?.usage.split(/\s+/).slice(1)[done.length] ?? '';
	if (placeholder.includes('NICK')) return 'nick';
	if (placeholder.includes('HOST:PORT')) return 'address';
	return 'text';
}

/** The items that start with `prefix`, ignoring case, in their order, once each. */
function matching(items: readonly string[], prefix: string): string[] {
	const lower = prefix.toLowerCase();
	return [
		...new Set(items.filter((item) => item.toLowerCase().startsWith(lower))),
	];
}
