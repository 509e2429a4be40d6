/**
 * One running node per profile. The lock is an exclusive SQLite lock on a
 * small file beside the history: the operating system holds it for the
 * process and drops it when the process ends, however it ends, so a node
 * killed with SIGKILL leaves no stale lock behind. A second node on the
 * same profile, in this process or another, is refused at once.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import {errorCode} from '../error-info.js';
import {StoreError} from './store-error.js';

/** A held profile lock; `release` lets the next node in. */
export type ProfileLock = {
	release(): void;
};

export function lockProfile(directory: string): ProfileLock {
	const file = path.join(directory, 'node.lock');
	const database = new Database(file, {timeout: 0});
	try {
		database.pragma('locking_mode = EXCLUSIVE');
		// Exclusive locking mode keeps the lock a write takes until close.
		database.exec(
			'BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); DELETE FROM held; INSERT INTO held VALUES (0); COMMIT;',
		);
	} catch (error) {
		database.close();
		if (isBusy(error)) {
			throw new StoreError(
				`Another p2p-chat node is running with the profile in ${directory}. Stop it first, or start this one with its own --data-dir.`,
			);
		}

		throw error;
	}

	return {
		release() {
			if (database.open) database.close();
		},
	};
}

function isBusy(error: unknown): boolean {
	const code = errorCode(error);
	return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
