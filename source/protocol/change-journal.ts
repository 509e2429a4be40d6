/**
 * Which peers changed (in what the peer list tells of them: nick, address,
 * reach, goodbye, or being forgotten), as a journal readers follow with a
 * cursor, so each looks at what changed since it last read instead of the
 * whole list. Bounded: a reader that fell further behind than the journal
 * keeps is told to read everything. Pure.
 */
import type {PeerKey} from './peer-key.js';

/** What changed since a cursor: the keys (in order, maybe repeated), or everything. */
export type PeerChanges = {
	readonly keys: readonly PeerKey[] | 'all';
	/** Where to read from next time. */
	readonly cursor: number;
};

export class ChangeJournal {
	readonly #limit: number;
	#keys: PeerKey[] = [];
	/** The cursor of `#keys[0]`. */
	#base = 0;

	constructor(limit = 8192) {
		this.#limit = limit;
	}

	add(key: PeerKey): void {
		this.#keys.push(key);
		if (this.#keys.length > this.#limit) {
			const dropped = this.#keys.length - this.#limit / 2;
			this.#keys = this.#keys.slice(dropped);
			this.#base += dropped;
		}
	}

	/** What changed since `cursor`; none (a first read): everything. */
	since(cursor: number | undefined): PeerChanges {
		const end = this.#base + this.#keys.length;
		if (cursor === undefined || cursor < this.#base || cursor > end) {
			return {keys: 'all', cursor: end};
		}

		return {keys: this.#keys.slice(cursor - this.#base), cursor: end};
	}
}
