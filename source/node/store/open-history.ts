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

/** The file name of the history in a profile folder. */
export const historyFile = 'history.db';

/** SQLite's page cache per connection, in KiB (`PRAGMA cache_size`). */
export const cacheKib = 2048;

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
		// Better-sqlite3 builds SQLite with a 16 MB page cache per
		// connection, which reading the catch-up set at start filled (16 MB of
		// the UI's resident memory with 100,000 stored lines). Pages are
		// read in index order, a few at a time, and the operating system
		// caches the file anyway: SQLite's own default of 2 MB is plenty.
		database.pragma(`cache_size = -${cacheKib}`);
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
		} else if (version < schemaVersion) {
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
