/**
 * The log and the scrollback beyond it: the log holds the newest lines (a
 * few hundred restored at start, then what comes, up to its limit); older ones
 * are read from the history a page at a time as the reader scrolls up past
 * the top, and a `/search` result the reader jumps to is read with the
 * lines around it. What is paged in is a window of at most `pagedLimit`
 * lines: paging on past it lets go of the far end, and a marker entry
 * stands where stored lines are left out between the window and the log
 * (read in again as the reader scrolls down to it). So PgUp reaches the
 * whole history while memory stays bounded.
 *
 * Pages come from the history in display order (`protocol/display-order.ts`,
 * the store's `messages_order` index), so they join the log without a sort.
 */
import {compareKeys, type DisplayKey} from '../protocol/display-order.js';
import {ChatLog, defaultHistoryLimit} from './chat-log.js';
import {entryOf, keyOf, type History, type StoredLine} from './history.js';
import type {ChatEntry, PagingView, SearchHit} from './types.js';

/** Stored lines read per page. */
export const pageLines = 200;

/** Paged-in lines held at most (a window of the history, not all of it). */
export const pagedLimit = 1000;

/** Search results listed at most (the newest matches). */
export const searchLimit = 20;

/** Lines read on each side of a line jumped to. */
const jumpContext = 100;

/** The marker where stored lines are left out. */
export const gapMarker = '── more lines here: scroll down to read them ──';

const noPaging: PagingView = Object.freeze({
	paged: 0,
	gap: false,
	focus: undefined,
});

/** The log's entries with the paged ones before them. */
export type PagedEntries = {
	readonly entries: readonly ChatEntry[];
	readonly paging: PagingView;
};

export class PagedHistory {
	/** The newest entries, logged as they come; the pages go above them. */
	readonly log: ChatLog;
	readonly #history: History | undefined;
	/** The paged-in lines in display order, and where each sits. */
	#entries: ChatEntry[] = [];
	#keys: DisplayKey[] = [];
	/** Stored lines lie between the last paged line and the log. */
	#gap = false;
	/** The log's first key when the gap was last looked for. */
	#checkedAt: DisplayKey | undefined;
	#marker: ChatEntry | undefined;
	/** Paged from a jump: older pages go on past where the log was cleared. */
	#jumped = false;
	#focus: {readonly id: number} | undefined;
	/** The last search's results, for `jump`; none before the first search. */
	#hits: StoredLine[] | undefined;
	#shown: (PagedEntries & {readonly log: readonly ChatEntry[]}) | undefined;

	/** `logLimit`: entries the log keeps (the pages are bounded apart). */
	constructor(history: History | undefined, logLimit = defaultHistoryLimit) {
		this.#history = history;
		this.log = new ChatLog(logLimit);
	}

	/** The entries to show: the paged ones, a marker if lines are left out, the log's. */
	show(log: readonly ChatEntry[]): PagedEntries {
		if (this.#entries.length === 0) {
			return {entries: log, paging: this.#focused(0)};
		}

		this.#lookForGap();
		if (this.#shown?.log !== log) {
			this.#shown = {log, ...this.#joined(log)};
		}

		return this.#shown;
	}

	/** Read a page above the first line shown; false when there is none. */
	older(): boolean {
		const first = this.#keys[0] ?? this.log.oldestKey ?? this.log.clearedAt;
		if (this.#history === undefined || first === undefined) return false;
		// `/clear` hid what was logged before it: PgUp does not bring it back.
		const floor = this.#jumped ? undefined : this.log.clearedAt;
		const lines = this.#history
			.before(first, pageLines)
			.filter((line) => !floor || compareKeys(keyOf(line), floor) > 0);
		if (lines.length === 0) return false;
		this.#entries = [
			...lines.map((line) => this.#entry(line)),
			...this.#entries,
		];
		this.#keys = [...lines.map((line) => keyOf(line)), ...this.#keys];
		if (this.#entries.length > pagedLimit) {
			// Let go of the end nearest the log: the reader is at the other.
			this.#entries.length = pagedLimit;
			this.#keys.length = pagedLimit;
			this.#openGap();
		}

		this.#changed();
		return true;
	}

	/** Read the lines after the paged ones, up to the log; false when there is no gap. */
	newer(): boolean {
		const last = this.#keys.at(-1);
		if (this.#history === undefined || !this.#gap || last === undefined) {
			return false;
		}

		const read = this.#history.after(last, pageLines);
		const lines = read.filter((line) => this.#beforeLog(keyOf(line)));
		this.#entries.push(...lines.map((line) => this.#entry(line)));
		this.#keys.push(...lines.map((line) => keyOf(line)));
		if (lines.length < read.length || read.length < pageLines) {
			this.#gap = false;
		}

		const extra = this.#entries.length - pagedLimit;
		if (extra > 0) {
			this.#entries.splice(0, extra);
			this.#keys.splice(0, extra);
		}

		this.#changed();
		return true;
	}

	/** Forget every paged line; false when there were none. */
	drop(): boolean {
		const had = this.#entries.length > 0 || this.#focus !== undefined;
		this.#entries = [];
		this.#keys = [];
		this.#gap = false;
		this.#jumped = false;
		this.#focus = undefined;
		this.#changed();
		return had;
	}

	/** The newest stored lines containing `text`, remembered for `jump`; none without a history. */
	search(text: string): SearchHit[] | undefined {
		if (this.#history === undefined) return undefined;
		this.#hits = this.#history.search(text, searchLimit);
		return this.#hits.map((line) => entryOf(line));
	}

	/** Show the `number`th result of the last search (from 1). */
	jump(number: number): void {
		if (this.#history === undefined) {
			throw new Error('No history is kept: there is nothing to jump to.');
		}

		const hits = this.#hits;
		const hit = hits?.[number - 1];
		if (hit === undefined) {
			throw new Error(
				hits === undefined
					? 'Nothing to jump to: /search TEXT first.'
					: `No result ${number}: the last /search listed ${hits.length}.`,
			);
		}

		const shown =
			this.log.showing(hit.id) ??
			this.#entries[this.#keys.findIndex((key) => key.id === hit.id)];
		if (shown) {
			this.#focus = {id: shown.id};
			this.#changed();
			return;
		}

		const key = keyOf(hit);
		const read = this.#history.after(key, jumpContext);
		const after = read.filter((line) => this.#beforeLog(keyOf(line)));
		const lines = [...this.#history.before(key, jumpContext), hit, ...after];
		this.#entries = lines.map((line) => this.#entry(line));
		this.#keys = lines.map((line) => keyOf(line));
		this.#gap = false;
		if (after.length === read.length && read.length === jumpContext) {
			this.#openGap();
		}

		this.#jumped = true;
		const target = this.#entries[this.#keys.findIndex((k) => k.id === hit.id)];
		this.#focus = target && {id: target.id};
		this.#changed();
	}

	#entry(line: StoredLine): ChatEntry {
		return this.log.issue(entryOf(line));
	}

	#openGap(): void {
		if (!this.#gap) this.#marker = undefined;
		this.#gap = true;
		this.#checkedAt = this.log.oldestKey;
		this.#changed();
	}

	/** A line that belongs before the log's first (or the log is empty). */
	#beforeLog(key: DisplayKey): boolean {
		const oldest = this.log.oldestKey;
		return oldest === undefined || compareKeys(key, oldest) < 0;
	}

	/**
	 * The log lets go of its oldest lines as new ones come: once it has,
	 * stored lines may lie between the paged ones and the log.
	 */
	#lookForGap(): void {
		const oldest = this.log.oldestKey;
		const last = this.#keys.at(-1);
		if (this.#gap || last === undefined || oldest === this.#checkedAt) return;
		this.#checkedAt = oldest;
		const [next] = this.#history?.after(last, 1) ?? [];
		if (next && this.#beforeLog(keyOf(next))) this.#openGap();
	}

	/** The paged entries, the marker and the log's, in display order. */
	#joined(log: readonly ChatEntry[]): PagedEntries {
		// A late line older than the log's first went into the log (it had
		// room): it goes among the paged ones, where its key says.
		const lastKey = this.#keys.at(-1);
		let early = 0;
		for (const key of this.#logKeys(log.length)) {
			if (!lastKey || compareKeys(key, lastKey) >= 0) break;
			early++;
		}

		const paged = early === 0 ? this.#entries : this.#merge(log, early);
		if (this.#gap) {
			const last = this.#entries.at(-1);
			this.#marker ??= this.log.issue({
				kind: 'notice',
				text: gapMarker,
				time: last?.time ?? 0,
			});
		}

		const marker = this.#gap && this.#marker ? [this.#marker] : [];
		const entries = Object.freeze([...paged, ...marker, ...log.slice(early)]);
		return {entries, paging: this.#focused(paged.length + marker.length)};
	}

	/** The paged entries with the log's first `count`, by key. */
	#merge(log: readonly ChatEntry[], count: number): ChatEntry[] {
		const merged: ChatEntry[] = [];
		let paged = 0;
		let early = 0;
		while (paged < this.#entries.length || early < count) {
			const pagedKey = this.#keys[paged];
			const earlyKey = this.log.keyAt(early);
			const takePaged =
				early >= count ||
				(pagedKey !== undefined &&
					earlyKey !== undefined &&
					compareKeys(pagedKey, earlyKey) <= 0);
			const next = takePaged ? this.#entries[paged++] : log[early++];
			if (next) merged.push(next);
		}

		return merged;
	}

	/** The keys of the log's first `count` entries, in order. */
	*#logKeys(count: number): Generator<DisplayKey> {
		for (let index = 0; index < count; index++) {
			const key = this.log.keyAt(index);
			if (key === undefined) return;
			yield key;
		}
	}

	#focused(paged: number): PagingView {
		if (paged === 0 && this.#focus === undefined) return noPaging;
		return {paged, gap: this.#gap, focus: this.#focus};
	}

	#changed(): void {
		this.#shown = undefined;
	}
}
