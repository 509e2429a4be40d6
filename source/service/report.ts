/**
 * What the service's parts may say to the user and the status line: log
 * lines and counters. Every part writes through this one small sink (the
 * service implements it), so none of them holds the service itself.
 */
import type {ChatCounters, EntryContent} from './types.js';

export type Report = {
	/** A notice (or an error) in the log. */
	note(text: string, kind?: 'notice' | 'error'): void;
	/** A chat line in the log. */
	append(entry: EntryContent): void;
	count(counter: keyof ChatCounters, amount?: number): void;
	/** Something the snapshot shows changed (the host table, a link). */
	changed(): void;
	/**
	 * True the first time it is called with `key`, then false: for notices
	 * a peer could otherwise repeat without end (the counters still count).
	 */
	once(key: string): boolean;
};
