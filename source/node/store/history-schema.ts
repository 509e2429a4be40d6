/**
 * The history database's schema, as numbered migrations. `PRAGMA
 * user_version` says which have run; a database from a newer p2p-chat (a
 * higher number than we know) is refused rather than read wrongly.
 */

/** Each entry takes the schema from version `index` to `index + 1`. */
export const migrations: readonly string[] = [
	`
	CREATE TABLE messages (
		seqno INTEGER PRIMARY KEY,
		-- The message id: hex SHA-256 of a native line's signed bytes; for a
		-- line from a legacy host, which has none, one made up on receipt.
		id TEXT NOT NULL UNIQUE,
		-- own (we wrote it), native (signed by its author), bridged (a
		-- legacy host's line signed by the node that bridged it), legacy
		-- (plain text straight from a legacy host: unverified).
		kind TEXT NOT NULL CHECK (kind IN ('own', 'native', 'bridged', 'legacy')),
		-- Hex key of the signer (the author, or the bridge); NULL for legacy.
		author TEXT,
		nick TEXT NOT NULL,
		-- The author's clock for signed lines, ours for legacy ones (ms).
		author_time INTEGER NOT NULL,
		seq INTEGER,
		text TEXT NOT NULL,
		-- The frame as it travelled (signature included), for catch-up.
		frame BLOB,
		-- Legacy and bridged lines: the legacy host's ip:port.
		source TEXT,
		received_at INTEGER NOT NULL,
		-- Rooms: '' is the one network-wide conversation.
		channel TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX messages_order ON messages (channel, author_time, author, seq);
	CREATE VIRTUAL TABLE messages_text USING fts5 (
		text, content = 'messages', content_rowid = 'seqno'
	);
	CREATE TRIGGER messages_text_insert AFTER INSERT ON messages BEGIN
		INSERT INTO messages_text (rowid, text) VALUES (new.seqno, new.text);
	END;
	CREATE TRIGGER messages_text_delete AFTER DELETE ON messages BEGIN
		INSERT INTO messages_text (messages_text, rowid, text)
			VALUES ('delete', old.seqno, old.text);
	END;
	CREATE TABLE settings (
		name TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);
	`,
	// 2: peers met and where they were last seen to listen, to rejoin
	// without --bootstrap. (Tables of those names from an early build of
	// version 1, never written to, go first.)
	`
	DROP TABLE IF EXISTS peers;
	DROP TABLE IF EXISTS replay_floors;
	CREATE TABLE peers (
		key TEXT PRIMARY KEY,
		ip TEXT NOT NULL,
		port INTEGER NOT NULL,
		last_seen INTEGER NOT NULL
	);
	CREATE INDEX peers_recent ON peers (last_seen);
	`,
	// 3: the lines typed in the input box, for Up/Down after a restart
	// (the newest few hundred are kept: history-store.ts, keepTyped).
	`
	CREATE TABLE typed_lines (
		seqno INTEGER PRIMARY KEY,
		line TEXT NOT NULL
	);
	`,
	// 4: the nick each peer met last went by, shown (as the name it had)
	// while it is rejoined and has not spoken yet. NULL: not known (rows
	// from version 3, or a peer heard of by address only).
	`
	ALTER TABLE peers ADD COLUMN nick TEXT;
	`,
];

/** The schema version this program writes. */
export const schemaVersion = migrations.length;
