/**
 * Opening a profile's history database: created (and brought up to the
 * current schema) for a node, read-only for a reader beside it. A database
 * that is damaged, from a newer p2p-chat, or cannot be opened is refused
 * with a `StoreError` and left as it is.
 */
import {existsSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {errorCode, errorMessage} from '../error-info.js';
import {migrations, schemaVersion} from './history-schema.js';
import {StoreError} from './store-error.js';

/** The history's page cache, at most, in KiB (`PRAGMA cache_size`). */
export const pageCacheKib = 2048;

/**
 * The oldest schema a reader beside a node (`p2p-chat history`) can read
 * as it is: version 4 only added the peers' nicks, which no reader reads,
 * so a profile not yet opened by a node of this version still reads.
 */
const oldestReadable = 3;

/** The file name of the history in a profile folder. */
export const historyFile = 'history.db';

export function openHistory(
	directory: string,
	readOnly: boolean,
): Database.Database {
	const file = path.join(directory, historyFile);
	if (!readOnly) mkdirSync(directory, {recursive: true});
	else if (!existsSync(file)) {
		throw new StoreError(`No history in ${directory} yet.`);
	}

	let database: Database.Database | undefined;
	try {
		database = new Database(file, {
			readonly: readOnly,
			fileMustExist: readOnly,
		});
		// SQLite's own page cache size. Better-sqlite3 builds it with 16 MB a
		// connection, which a node storing long lines filled and held for
		// good, and which reading the catch-up set at start filled too (16 MB
		// of the UI's resident memory with 100,000 stored lines): resident
		// memory for pages the OS caches anyway. Two MiB keep the B-trees'
		// upper pages, all a page read in index order or an append needs.
		database.pragma(`cache_size = -${pageCacheKib}`);
		const version = Number(database.pragma('user_version', {simple: true}));
		if (version > schemaVersion) {
			throw new StoreError(
				`${file} was written by a newer p2p-chat (history version ${version}; this one knows ${schemaVersion}). Nothing was changed: run the newer p2p-chat, or use another --data-dir.`,
			);
		}

		if (!readOnly) {
			database.pragma('journal_mode = WAL');
			// In WAL mode a commit is durable across a crash of the process
			// (not of the machine) without a flush per commit.
			database.pragma('synchronous = NORMAL');
			migrate(database, version);
		} else if (version < oldestReadable) {
			throw new StoreError(
				`${file} is from an older p2p-chat: start a node on it once to bring it up to date.`,
			);
		}

		return database;
	} catch (error) {
		database?.close();
		if (error instanceof StoreError) throw error;
		const code = errorCode(error);
		if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
			throw new StoreError(
				`${file} is damaged or is not a p2p-chat history (${errorMessage(error)}). Nothing was changed: move the file away to start a new history.`,
			);
		}

		if (code === 'SQLITE_CANTOPEN') {
			throw new StoreError(`Cannot open ${file}: ${errorMessage(error)}.`);
		}

		throw error;
	}
}

function migrate(database: Database.Database, from: number): void {
	for (let version = from; version < schemaVersion; version++) {
		database.transaction(() => {
			database.exec(migrations[version] ?? '');
			database.pragma(`user_version = ${version + 1}`);
		})();
	}
}
