/**
 * The replay floors kept across a restart (`protocol/replay-guard.ts`), in
 * the profile folder beside the identity: without them, a signed line
 * captured and resent to a node that restarted shows again as new, inside
 * its ten-minute clock window. Written whole to a temporary file and renamed,
 * so a crash mid-write leaves the old file; a file that cannot be read is
 * reported and replaced, since it only narrows what is refused.
 */
import {readFile, rename, writeFile} from 'node:fs/promises';
import process from 'node:process';
import {errorCode} from './error-info.js';

type FloorsFile = {
	readonly version: 1;
	readonly floors: ReadonlyArray<readonly [string, number]>;
};

/** The floors saved at `file`; none when there is no file yet. */
export async function loadFloors(
	file: string,
): Promise<Array<[string, number]>> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return [];
		throw error;
	}

	const parsed: unknown = JSON.parse(text);
	if (!isFloorsFile(parsed)) {
		throw new Error(`${file} is not a replay-floor file`);
	}

	return parsed.floors.map(([author, seq]) => [author, seq]);
}

export async function saveFloors(
	file: string,
	floors: ReadonlyArray<readonly [string, number]>,
): Promise<void> {
	const content: FloorsFile = {version: 1, floors};
	// Its own name per process: two nodes on one profile folder cannot mix their writes.
	const temporary = `${file}.${process.pid}.tmp`;
	await writeFile(temporary, `${JSON.stringify(content)}\n`, {mode: 0o600});
	await rename(temporary, file);
}

function isFloorsFile(value: unknown): value is FloorsFile {
	if (typeof value !== 'object' || value === null) return false;
	const {version, floors} = value as Partial<FloorsFile>;
	return (
		version === 1 &&
		Array.isArray(floors) &&
		floors.every(
			(item) =>
				Array.isArray(item) &&
				item.length === 2 &&
				typeof item[0] === 'string' &&
				/^[\da-f]{64}$/.test(item[0]) &&
				Number.isSafeInteger(item[1]),
		)
	);
}
