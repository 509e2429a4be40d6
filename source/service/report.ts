/**
 * What the service's parts may say to the user and the status line: log
 * lines and counters. Every part writes through this one small sink (the
 * service implements it), so none of them holds the service itself.
 */
import type {KeptLine, StoredLine} from './history.js';
import {BoundedSet} from './bounded-set.js';
import {NoticeThrottle} from './notice-throttle.js';
import type {ChatCounters, EntryContent} from './types.js';

export type Report = {
	/** A notice (or an error) in the log. */
	note(text: string, kind?: 'notice' | 'error'): void;
	/**
	 * An error caused by what `source` (an address, a key) sent: logged at
	 * a bounded rate per source (`notice-throttle.ts`); the caller counts
	 * every one.
	 */
	remoteError(source: string, text: string): void;
	/** A log entry; `kept`: a chat line, which the history keeps. */
	append(entry: EntryContent, kept?: KeptLine): void;
	/** A line the history keeps and nobody is shown (a sealed private line). */
	keep(line: StoredLine): void;
	count(counter: keyof ChatCounters, amount?: number): void;
	/** Something the snapshot shows changed (the host table, a link). */
	changed(): void;
	/**
	 * True the first time it is called with `key`, then false: for notices
	 * a peer could otherwise repeat without end (the counters still count).
	 */
	once(key: string): boolean;
};

/** Where a `Report` writes: the service's log, counters and change events. */
export type ReportSink = {
	note(text: string, kind: 'notice' | 'error'): void;
	append(entry: EntryContent, kept?: KeptLine): void;
	keep(line: StoredLine): void;
	count(counter: keyof ChatCounters, amount?: number): void;
	changed(): void;
};

/** A `Report` over `sink`, with the once-only and rate-limited notices kept here. */
export function createReport(sink: ReportSink, now: () => number): Report {
	const told = new BoundedSet(1000);
	const throttle = new NoticeThrottle(now);
	return {
		note(text, kind = 'notice') {
			sink.note(text, kind);
		},
		remoteError(source, text) {
			const admitted = throttle.admit(source, text);
			if (admitted !== undefined) sink.note(admitted, 'error');
		},
		append(entry, kept) {
			sink.append(entry, kept);
		},
		keep(line) {
			sink.keep(line);
		},
		count(counter, amount) {
			sink.count(counter, amount);
		},
		changed() {
			sink.changed();
		},
		once: (key) => told.first(key),
	};
}
