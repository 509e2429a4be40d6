/**
 * Nicks are labels, not identities: two keys may use the same one. Where
 * that happens the message pane shows each author's key fingerprint next to
 * the nick. This module finds the shared nicks from what is cheap to scan —
 * the host table, our own identity and the entries that can be on screen —
 * never the whole log.
 */
import type {ChatEntry, ChatSnapshot} from '../service/types.js';

/** Each nick and the fingerprints of the keys that use it. */
export type NickKeys = ReadonlyMap<string, ReadonlySet<string>>;

/** Nicks used by more than one key. */
export type SharedNicks = ReadonlySet<string>;

const noNicks: SharedNicks = new Set();

/**
 * The author key behind an entry's nick, for entries that show a nick:
 * our own lines and signed native chat lines. Legacy lines show an address.
 */
export function entryAuthor(
	entry: ChatEntry,
): {readonly nick: string; readonly fingerprint: string} | undefined {
	if (entry.kind === 'own') {
		return {nick: entry.nick, fingerprint: entry.fingerprint};
	}

	if (entry.kind === 'chat' && entry.source.type === 'native') {
		return {nick: entry.source.nick, fingerprint: entry.source.fingerprint};
	}

	return undefined;
}

/** Nick to keys from the host table and our own identity. O(hosts). */
export function nickKeysOf(
	snapshot: Pick<ChatSnapshot, 'hosts' | 'nick' | 'identity'>,
): NickKeys {
	const keys = new Map<string, Set<string>>();
	const add = (nick: string, fingerprint: string) => {
		const set = keys.get(nick);
		if (set === undefined) {
			keys.set(nick, new Set([fingerprint]));
		} else {
			set.add(fingerprint);
		}
	};

	add(snapshot.nick, snapshot.identity.fingerprint);
	for (const host of snapshot.hosts) {
		if (host.kind === 'peer') add(host.nick, host.fingerprint);
	}

	return keys;
}

/**
 * The nicks that more than one key uses, among `base` and the entries in
 * `entries[start, end)`. Costs O(nicks in base + (end - start)).
 */
export function sharedNicks(
	base: NickKeys,
	entries: readonly ChatEntry[],
	start: number,
	end: number,
): SharedNicks {
	// Keys seen only in the window, per nick (base sets stay untouched).
	const extra = new Map<string, Set<string>>();
	for (let index = Math.max(0, start); index < end; index++) {
		const entry = entries[index];
		const author = entry === undefined ? undefined : entryAuthor(entry);
		if (
			author !== undefined &&
			base.get(author.nick)?.has(author.fingerprint) !== true
		) {
			const set = extra.get(author.nick) ?? new Set<string>();
			set.add(author.fingerprint);
			extra.set(author.nick, set);
		}
	}

	let shared: Set<string> | undefined;
	const mark = (nick: string) => {
		shared ??= new Set();
		shared.add(nick);
	};

	for (const [nick, keys] of base) {
		if (keys.size + (extra.get(nick)?.size ?? 0) > 1) {
			mark(nick);
		}
	}

	for (const [nick, keys] of extra) {
		if (!base.has(nick) && keys.size > 1) {
			mark(nick);
		}
	}

	return shared ?? noNicks;
}

/** Whether `entry`'s sender label should carry the author's fingerprint. */
export function showsFingerprint(
	entry: ChatEntry,
	shared: SharedNicks,
): boolean {
	const author = entryAuthor(entry);
	return author !== undefined && shared.has(author.nick);
}
