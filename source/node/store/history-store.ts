/**
 * The conversation on disk: one SQLite database per profile (better-sqlite3,
 * write-ahead log), with the lines shown, our nick, the peers worth
 * rejoining and the lines typed (for Up/Down). A line is committed before it is shown, so a node killed
 * mid-burst has, after a restart, every line it had displayed; with the
 * write-ahead log a commit is a write to the log file, no disk flush, so
 * what the operating system holds survives a crash of the process.
 *
 * The caller holds the profile's lock (`profile-lock.ts`) while a node
 * writes; a reader may open it read-only beside the running node
 * (`open-history.ts` says which databases are refused).
 */
import type Database from 'better-sqlite3';
import type {DisplayKey} from '../../protocol/display-order.js';
import {openHistory} from './open-history.js';

export {historyFile} from './open-history.js';

/** Who wrote a stored line, and how far it is proven (see `history-schema.ts`). */
export type StoredKind = 'own' | 'native' | 'bridged' | 'legacy';

/** One line of the conversation as stored. */
export type StoredLine = {
	readonly id: string;
	readonly kind: StoredKind;
	/** Hex key of the signer (author or bridge); none for a legacy line. */
	readonly author: string | undefined;
	/** The author's nick; for a legacy line, its `ip:port`. */
	readonly nick: string;
	/** The author's clock (ms) for signed lines; ours for legacy ones. */
	readonly authorTime: number;
	readonly seq: number | undefined;
	readonly text: string;
	/** The frame as it travelled, signature included (signed lines). */
	readonly frame: Uint8Array | undefined;
	/**
	 * Legacy and bridged lines: the legacy host's `ip:port`; a private line
	 * this node wrote or received: the other end (`service/history.ts`).
	 */
	readonly source: string | undefined;
	readonly receivedAt: number;
	/**
	 * A private line for another node (or one that did not open): kept, with
	 * no readable text, only so catch-up can serve its frame; never read back
	 * for the screen (it is in channel `sealedChannel`).
	 */
	readonly sealed?: true;
};

/**
 * The channel of sealed lines: the queries that page the conversation
 * read channel `''` only; catch-up reads both.
 */
export const sealedChannel = '@sealed';

/* eslint-disable @typescript-eslint/no-restricted-types -- SQLite hands NULL back as null */
/** A `messages` row as the driver returns it. */
type Row = {
	id: string;
	kind: StoredKind;
	author: string | null;
	nick: string;
	author_time: number;
	seq: number | null;
	text: string;
	frame: Uint8Array | null;
	source: string | null;
	received_at: number;
};
/* eslint-enable @typescript-eslint/no-restricted-types */

/** A display key as the queries' named parameters. */
type CursorParameters = {
	time: number;
	author: string;
	seq: number;
	id: string;
	limit: number;
};

/**
 * The display order in SQL (`protocol/display-order.ts`): a NULL author or
 * sequence sorts first, as `''` and -1 do there. The leading columns are
 * those of the `messages_order` index, so a page is an index range.
 */
const oldestFirst = 'author_time, author, seq, id';
const newestFirst = 'author_time DESC, author DESC, seq DESC, id DESC';
/** The order after the time, comparable with a key's `(author, seq, id)`. */
const tieBreak = "(coalesce(author, ''), coalesce(seq, -1), id)";

/**
 * A peer met: where it was last seen to listen, when it was last heard of,
 * and the nick it went by then (unchecked text: the reader checks it).
 */
export type StoredPeer = {
	readonly key: string;
	readonly ip: string;
	readonly port: number;
	readonly lastSeen: number;
	readonly nick: string | undefined;
};

export class HistoryStore {
	/**
	 * Open (creating if needed) the history in `directory`; `readOnly`
	 * opens an existing one beside a running node.
	 */
	static open(
		directory: string,
		{readOnly = false}: {readonly readOnly?: boolean} = {},
	): HistoryStore {
		return new HistoryStore(openHistory(directory, readOnly));
	}

	readonly #database: Database.Database;
	readonly #insert: Database.Statement;
	readonly #addAll: (lines: readonly StoredLine[]) => number;

	private constructor(database: Database.Database) {
		this.#database = database;
		this.#insert = database.prepare(
			`INSERT OR IGNORE INTO messages
				(id, kind, author, nick, author_time, seq, text, frame, source, received_at, channel)
				VALUES (@id, @kind, @author, @nick, @authorTime, @seq, @text, @frame, @source, @receivedAt, @channel)`,
		);
		this.#addAll = database.transaction((lines: readonly StoredLine[]) => {
			let added = 0;
			for (const {sealed, ...line} of lines) {
				added += this.#insert.run({
					...line,
					channel: sealed ? sealedChannel : '',
					author: line.author ?? null,
					seq: line.seq ?? null,
					frame: line.frame ?? null,
					source: line.source ?? null,
				}).changes;
			}

			return added;
		});
	}

	/** Store `lines` in one transaction; how many were new (an id is stored once). */
	addAll(lines: readonly StoredLine[]): number {
		return lines.length === 0 ? 0 : this.#addAll(lines);
	}

	has(id: string): boolean {
		return (
			this.#database.prepare('SELECT 1 FROM messages WHERE id = ?').get(id) !==
			undefined
		);
	}

	/**
	 * The signed lines written at or after `since` (author time), the
	 * newest `limit`: what catch-up reconciles (`protocol/sync-set.ts`),
	 * sealed lines included (the mesh converges on every line).
	 */
	signedSince(since: number, limit: number): Array<{time: number; id: string}> {
		// One channel at a time: each is a backward walk of `messages_order`
		// that stops after `limit` rows. Both channels in one query sorted
		// every line of the window (100,000 rows read from the table and
		// sorted at start, to keep 20,000).
		const query = this.#database.prepare<
			[string, number, number],
			{time: number; id: string}
		>(
			`SELECT author_time AS time, id FROM messages
				WHERE channel = ? AND frame IS NOT NULL AND author_time >= ?
				ORDER BY author_time DESC LIMIT ?`,
		);
		const shown = query.all('', since, limit);
		const sealed = query.all(sealedChannel, since, limit);
		if (sealed.length === 0) return shown;
		return [...shown, ...sealed]
			.toSorted((a, b) => b.time - a.time)
			.slice(0, limit);
	}

	/**
	 * The frames of the lines `ids` as they travelled, in display order
	 * (so a peer catching up shows them in the order everyone does); ids
	 * not stored, or of unsigned lines, are left out.
	 */
	frames(ids: readonly string[]): Uint8Array[] {
		return this.#database
			.prepare<[string], {frame: Uint8Array}>(
				`SELECT frame FROM messages
					WHERE id IN (SELECT value FROM json_each(?)) AND frame IS NOT NULL
					ORDER BY author_time, author, seq`,
			)
			.all(JSON.stringify(ids))
			.map((row) => plain(row.frame));
	}

	/** How many lines are stored, and the author time of the oldest. */
	summary(): {count: number; since: number | undefined} {
		const row = this.#database
			// eslint-disable-next-line @typescript-eslint/no-restricted-types -- min() of no rows is NULL
			.prepare<unknown[], {count: number; since: number | null}>(
				'SELECT count(*) AS count, min(author_time) AS since FROM messages',
			)
			.get();
		return {count: row?.count ?? 0, since: row?.since ?? undefined};
	}

	/**
	 * The newest `limit` lines in display order (author time, then author
	 * key, then sequence, then id: the same on every screen), oldest first.
	 */
	latest(limit: number): StoredLine[] {
		const rows = this.#database
			.prepare<[number], Row>(
				`SELECT * FROM messages WHERE channel = ''
					ORDER BY ${newestFirst} LIMIT ?`,
			)
			.all(limit);
		return rows.toReversed().map((row) => fromRow(row));
	}

	/**
	 * The `limit` lines just before `key` in display order, oldest first: a
	 * page of scrollback above what is shown (the range is read from the
	 * `messages_order` index, however long the history).
	 */
	before(key: DisplayKey, limit: number): StoredLine[] {
		const rows = this.#database
			.prepare<[CursorParameters], Row>(
				`SELECT * FROM messages WHERE channel = '' AND author_time <= @time
					AND (author_time < @time OR ${tieBreak} < (@author, @seq, @id))
					ORDER BY ${newestFirst} LIMIT @limit`,
			)
			.all({...cursorOf(key), limit});
		return rows.toReversed().map((row) => fromRow(row));
	}

	/** The `limit` lines just after `key` in display order, oldest first. */
	after(key: DisplayKey, limit: number): StoredLine[] {
		const rows = this.#database
			.prepare<[CursorParameters], Row>(
				`SELECT * FROM messages WHERE channel = '' AND author_time >= @time
					AND (author_time > @time OR ${tieBreak} > (@author, @seq, @id))
					ORDER BY ${oldestFirst} LIMIT @limit`,
			)
			.all({...cursorOf(key), limit});
		return rows.map((row) => fromRow(row));
	}

	/** The stored line with message id `id`, if any. */
	line(id: string): StoredLine | undefined {
		const row = this.#database
			.prepare<[string], Row>('SELECT * FROM messages WHERE id = ?')
			.get(id);
		return row && fromRow(row);
	}

	/** Lines whose text matches `query` (SQLite full-text search), oldest first. */
	search(query: string, limit: number): StoredLine[] {
		const rows = this.#database
			.prepare<[string, number], Row>(
				`SELECT messages.* FROM messages_text
					JOIN messages ON messages.seqno = messages_text.rowid
					WHERE messages_text MATCH ?
					ORDER BY ${newestFirst} LIMIT ?`,
			)
			.all(phrase(query), limit);
		return rows.toReversed().map((row) => fromRow(row));
	}

	/** The nick saved with `/nick` (or at the last start), if any. */
	nick(): string | undefined {
		const row = this.#database
			.prepare<unknown[], {value: string}>(
				"SELECT value FROM settings WHERE name = 'nick'",
			)
			.get();
		return row?.value;
	}

	setNick(nick: string): void {
		this.#database
			.prepare(
				"INSERT INTO settings (name, value) VALUES ('nick', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
			)
			.run(nick);
	}

	/** A setting kept across restarts (the topic, `service/topic.ts`), if any. */
	setting(name: string): string | undefined {
		return this.#database
			.prepare<[string], {value: string}>(
				'SELECT value FROM settings WHERE name = ?',
			)
			.get(name)?.value;
	}

	setSetting(name: string, value: string): void {
		this.#database
			.prepare(
				'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
			)
			.run(name, value);
	}

	/**
	 * Where the reader stopped reading: the display key of the last line
	 * read, as JSON (`readKey` in service/history.ts reads it back).
	 */
	readMark(): string | undefined {
		const row = this.#database
			.prepare<unknown[], {value: string}>(
				"SELECT value FROM settings WHERE name = 'read-mark'",
			)
			.get();
		return row?.value;
	}

	setReadMark(value: string): void {
		this.#database
			.prepare(
				"INSERT INTO settings (name, value) VALUES ('read-mark', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
			)
			.run(value);
	}

	/**
	 * Each signer's newest stored sequence number, over lines written at or
	 * after `since` (author time): what a restarted node must refuse again,
	 * known as soon as a line was stored, so not lost to a SIGKILL.
	 */
	newestSequences(since: number): Array<[string, number]> {
		const rows = this.#database
			.prepare<[string, number], {author: string; seq: number}>(
				// Naming the channels lets SQLite read the range from
				// `messages_order` (without them it scanned the whole index).
				`SELECT author, max(seq) AS seq FROM messages
					WHERE channel IN ('', ?) AND author IS NOT NULL
					AND seq IS NOT NULL AND author_time >= ?
					GROUP BY author`,
			)
			.all(sealedChannel, since);
		return rows.map(({author, seq}) => [author, seq]);
	}

	/**
	 * Remember where `peers` were last seen to listen (newer facts replace
	 * older ones; a nick not known now keeps the one stored), keeping the
	 * `keep` most recently heard of.
	 */
	savePeers(peers: readonly StoredPeer[], keep = 256): void {
		const upsert = this.#database.prepare(
			`INSERT INTO peers (key, ip, port, last_seen, nick) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET ip = excluded.ip, port = excluded.port,
					last_seen = excluded.last_seen,
					nick = coalesce(excluded.nick, peers.nick)
				WHERE excluded.last_seen >= peers.last_seen`,
		);
		const prune = this.#database.prepare(
			'DELETE FROM peers WHERE key NOT IN (SELECT key FROM peers ORDER BY last_seen DESC LIMIT ?)',
		);
		this.#database.transaction(() => {
			for (const peer of peers) {
				upsert.run(
					peer.key,
					peer.ip,
					peer.port,
					peer.lastSeen,
					peer.nick ?? null,
				);
			}

			prune.run(keep);
		})();
	}

	/** The peers met, the most recently heard of first. */
	peers(limit: number): StoredPeer[] {
		return this.#database
			.prepare<
				[number],
				{
					key: string;
					ip: string;
					port: number;
					last_seen: number;
					// eslint-disable-next-line @typescript-eslint/no-restricted-types -- SQLite hands NULL back as null
					nick: string | null;
				}
			>(
				'SELECT key, ip, port, last_seen, nick FROM peers ORDER BY last_seen DESC LIMIT ?',
			)
			.all(limit)
			.map((row) => ({
				key: row.key,
				ip: row.ip,
				port: row.port,
				lastSeen: row.last_seen,
				nick: row.nick ?? undefined,
			}));
	}

	/** The newest `limit` lines typed in the input box, oldest first. */
	typedLines(limit: number): string[] {
		return this.#database
			.prepare<[number], {line: string}>(
				'SELECT line FROM typed_lines ORDER BY seqno DESC LIMIT ?',
			)
			.all(limit)
			.map((row) => row.line)
			.toReversed();
	}

	/** Keep a line typed in the input box, and only the newest `keep` of them. */
	keepTyped(line: string, keep: number): void {
		const insert = this.#database.prepare(
			'INSERT INTO typed_lines (line) VALUES (?)',
		);
		const prune = this.#database.prepare(
			'DELETE FROM typed_lines WHERE seqno <= (SELECT seqno FROM typed_lines ORDER BY seqno DESC LIMIT 1 OFFSET ?)',
		);
		this.#database.transaction(() => {
			insert.run(line);
			prune.run(keep);
		})();
	}

	/** Where the database is. */
	get file(): string {
		return this.#database.name;
	}

	close(): void {
		if (this.#database.open) this.#database.close();
	}
}

function fromRow(row: Row): StoredLine {
	return {
		id: row.id,
		kind: row.kind,
		author: row.author ?? undefined,
		nick: row.nick,
		authorTime: row.author_time,
		seq: row.seq ?? undefined,
		text: row.text,
		frame: row.frame ? plain(row.frame) : undefined,
		source: row.source ?? undefined,
		receivedAt: row.received_at,
	};
}

/** A plain view, not the Buffer the driver hands out. */
function plain(bytes: Uint8Array): Uint8Array {
	return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function cursorOf(key: DisplayKey): Omit<CursorParameters, 'limit'> {
	return {time: key.time, author: key.author, seq: key.seq, id: key.id};
}

/**
 * A search typed by a user, as one FTS5 phrase: its quotes doubled, so no
 * text is read as query syntax (`AND(`, `"`, `*`), and its NULs made spaces
 * (FTS5 reads a NUL as the end of the query: "unterminated string").
 */
function phrase(query: string): string {
	return `"${query.replaceAll('"', '""').replaceAll('\0', ' ')}"`;
}
