/**
 * A profile with a long conversation on disk, written through
 * `HistoryStore` as a node would have stored it: `count` lines from eight
 * authors over the last six days, each line's text starting with
 * `line N:` (N from 1, oldest first) so a screen says how far back it is.
 * For the history benchmark and the memory test.
 */
import {randomBytes} from 'node:crypto';
import {
	HistoryStore,
	type StoredLine,
} from '../../source/node/store/history-store.js';

const words =
	'the quick brown fox jumps over the lazy dog while seven peers gossip about lunch and deploys'.split(
		' ',
	);

/** Lines written per transaction. */
const batch = 10_000;

/** Fill `directory`'s history; returns the newest line's text. */
export function fillHistory(directory: string, count: number): string {
	const store = HistoryStore.open(directory);
	const authors = Array.from({length: 8}, () =>
		randomBytes(32).toString('hex'),
	);
	const newest = Date.now() - 60_000;
	const step = Math.floor((6 * 24 * 3600 * 1000) / count);
	let newestText = '';
	for (let first = 0; first < count; first += batch) {
		const lines: StoredLine[] = [];
		for (let index = first; index < Math.min(count, first + batch); index++) {
			const authorTime = newest - (count - index) * step;
			const length = 6 + (index % 12);
			newestText = `line ${index + 1}: ${Array.from({length}, (_, word) => words[(index + word) % words.length]).join(' ')}`;
			lines.push({
				id: randomBytes(32).toString('hex'),
				kind: 'native',
				author: authors[index % authors.length],
				nick: `peer${index % authors.length}`,
				authorTime,
				seq: Math.floor(index / authors.length),
				text: newestText,
				// A signed chat frame is about this size.
				frame: randomBytes(180),
				source: undefined,
				receivedAt: authorTime + 40,
			});
		}

		store.addAll(lines);
	}

	store.close();
	return newestText;
}
