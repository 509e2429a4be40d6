/**
 * Scrollback for the message pane. Ink has no scroll region, so the pane
 * renders only the slice of entries that fits; this hook chooses the slice
 * and handles the scroll keys: PgUp / PgDn, and weechat's Alt-Home /
 * Alt-End (or Ctrl-Home / Ctrl-End) for the oldest and newest (Home and
 * End alone are the input line's).
 *
 * While scrolled back the view is anchored to an entry id, not to a
 * distance from the bottom, so new arrivals (and old entries falling off the
 * history limit, and late lines put in above) do not move what the reader
 * is looking at. Near the top of what is loaded it asks for older lines
 * from the history (`onOlder`); the service puts them above, so PgUp goes
 * on through the whole history. Back at the newest, they may go again
 * (`onLatest`).
 *
 * Which nicks show a key fingerprint depends on what is on screen, and what
 * fits on screen depends on the labels' widths. To break the circle, the
 * shared nicks come from the few entries that could possibly be on screen
 * (every entry takes at least one row), so the cost stays proportional to the
 * pane's height.
 */
import {useCallback, useLayoutEffect, useMemo, useRef, useState} from 'react';
import type {ChatEntry, PagingView} from '../service/types.js';
import type {KeyEvent} from '../view/key-event.js';
import {layoutEntry} from '../view/entry-layout.js';
import {
	sharedNicks,
	showsFingerprint,
	type NickKeys,
	type SharedNicks,
} from '../view/shared-nicks.js';
import {
	countNewBelow,
	findId,
	lastFitting,
	newestId,
	visibleRange,
} from '../view/scroll-math.js';
import {useKeys} from './use-keys.js';

type ScrollState = {
	/** Id of the entry at the bottom of the view. */
	readonly anchorId: number;
	/** The newest id on screen or below when the reader scrolled away from the bottom. */
	readonly seenId: number;
	/** Where the anchor was last seen: the search for it starts there. */
	readonly at: number;
};

/** What the message pane should draw. */
export type Scrollback = {
	/** The entries on screen, oldest first. */
	readonly visible: readonly ChatEntry[];
	/** Draw from the top (the oldest entry is on screen) instead of the bottom. */
	readonly alignTop: boolean;
	/** Not following the newest entry. */
	readonly scrolled: boolean;
	/** Entries that arrived since the reader scrolled back. */
	readonly newBelow: number;
	/** Nicks used by several keys on screen or in the host table. */
	readonly shared: SharedNicks;
};

/** Options of `useScrollback`. */
export type ScrollbackOptions = {
	/** Rows available for entries (including the indicator row). */
	readonly height: number;
	/** Cells per row. */
	readonly width: number;
	/** Listen to the scroll keys (default true). */
	readonly isActive?: boolean;
	/** Nick to keys from the host table and our identity (keep it memoised). */
	readonly nickKeys?: NickKeys;
	/** What of `entries` was paged in from the history (default: nothing). */
	readonly paging?: PagingView;
	/** Read older lines into `entries`: the reader nears the top of them. */
	readonly onOlder?: () => void;
	/** Read the stored lines left out below the paged ones (`paging.gap`). */
	readonly onNewer?: () => void;
	/** The reader is back at the newest entry. */
	readonly onLatest?: () => void;
};

const noNickKeys: NickKeys = new Map();
const noPaging: PagingView = {paged: 0, gap: false, focus: undefined};
const nothing = () => undefined;

/** Ask for more lines this many pages before the reader gets there. */
const readAhead = 3;

/** The slice of `entries` to draw, and the scroll keys that move it. */
export function useScrollback(
	entries: readonly ChatEntry[],
	{
		height,
		width,
		isActive = true,
		nickKeys = noNickKeys,
		paging = noPaging,
		onOlder = nothing,
		onNewer = nothing,
		onLatest = nothing,
	}: ScrollbackOptions,
): Scrollback {
	const [state, setState] = useState<ScrollState | undefined>();
	const [focus, setFocus] = useState(paging.focus);
	const count = entries.length;
	const scrolled = state !== undefined && count > 0;
	// The indicator takes one row while scrolled back.
	const pageHeight = Math.max(1, height - 1);
	const contentHeight = scrolled ? pageHeight : Math.max(1, height);
	const {found, bottom} = anchorOf(entries, scrolled ? state : undefined);
	// Every entry on screen lies in [bottom - contentHeight + 1, bottom], or,
	// for a page drawn from the top, in the first contentHeight entries.
	const windowStart = Math.max(0, bottom - contentHeight + 1);
	const windowEnd = Math.min(
		count,
		windowStart === 0 ? Math.max(bottom + 1, contentHeight) : bottom + 1,
	);
	const shared = useMemo(
		() => sharedNicks(nickKeys, entries, windowStart, windowEnd),
		[nickKeys, entries, windowStart, windowEnd],
	);
	const measure = useCallback(
		(entry: ChatEntry) =>
			layoutEntry(entry, width, showsFingerprint(entry, shared)).height,
		[width, shared],
	);
	const range = useMemo(
		() =>
			count === 0
				? {top: 0, bottom: -1, alignTop: false}
				: visibleRange(entries, bottom, contentHeight, measure),
		[entries, count, bottom, contentHeight, measure],
	);
	const visible = useMemo(
		() => entries.slice(range.top, range.bottom + 1),
		[entries, range],
	);

	// `/clear` empties the log: there is nothing left to be scrolled back in.
	// (Adjusting state while rendering, as React recommends over an effect.)
	if (count === 0 && state !== undefined) {
		setState(undefined);
	}

	const moved = scrolled && movedAnchor(entries, state, found, pageHeight);
	if (moved) setState(moved);

	// `/jump`: the line asked for goes near the top of the page.
	if (paging.focus !== focus) {
		setFocus(paging.focus);
		const focused = focusState(entries, paging, {state, pageHeight, width});
		if (focused !== 'nowhere') setState(focused);
	}

	// What the key handler needs, as of the last commit. The handler itself
	// stays stable: Ink re-subscribes a new handler only in a passive effect,
	// which can run after the next key (PgUp held down), so that key would
	// see the previous page.
	const calls = {onOlder, onNewer, onLatest};
	const latest = useRef({
		entries,
		range,
		bottom,
		pageHeight,
		measure,
		state,
		paging,
		calls,
	});
	useLayoutEffect(() => {
		latest.current = {
			entries,
			range,
			bottom,
			pageHeight,
			measure,
			state,
			paging,
			calls,
		};
	});

	const handleKey = useCallback((key: KeyEvent) => {
		if (key.type !== 'key') return;
		const toEdge = key.ctrl || key.meta;
		const {entries, range, bottom, pageHeight, measure, state, paging, calls} =
			latest.current;
		const count = entries.length;
		if (count === 0) {
			return;
		}

		const scrollTo = (index: number) => {
			const anchor = entries[index];
			const next =
				index >= count - 1 || anchor === undefined
					? undefined
					: {
							anchorId: anchor.id,
							// What is on screen now, and below it, has been seen.
							seenId: state?.seenId ?? newestId(entries, range.top),
							at: index,
						};
			latest.current = {...latest.current, state: next};
			setState(next);
			if (next === undefined) calls.onLatest();
		};

		// Entries take a row at least: this many entries fill a few pages.
		const ahead = readAhead * pageHeight;
		// The first page: the bottom-most anchor that still shows the oldest entry.
		const home = () => lastFitting(entries, 0, pageHeight, measure);
		if (key.name === 'pageup') {
			const next = range.top < bottom ? range.top : bottom - 1;
			scrollTo(Math.max(next, home()));
			if (next < ahead) calls.onOlder();
		} else if (key.name === 'pagedown' && state !== undefined) {
			const next = Math.max(
				lastFitting(entries, range.bottom, pageHeight, measure),
				bottom + 1,
			);
			scrollTo(next);
			if (paging.gap && next + ahead >= paging.paged) calls.onNewer();
		} else if (key.name === 'home' && toEdge) {
			scrollTo(home());
			calls.onOlder();
		} else if (key.name === 'end' && toEdge) {
			scrollTo(count - 1);
		}
	}, []);
	useKeys(
		useCallback(
			(keys: readonly KeyEvent[]) => {
				for (const key of keys) handleKey(key);
			},
			[handleKey],
		),
		{isActive},
	);

	return {
		visible,
		alignTop: scrolled && range.alignTop,
		scrolled,
		newBelow: scrolled
			? countNewBelow(entries, range.bottom, paging.paged, state.seenId)
			: 0,
		shared,
	};
}

/**
 * Where the view ends: at the anchor (`found`, -1 if it went), or where it
 * was; at the newest entry while following.
 */
function anchorOf(
	entries: readonly ChatEntry[],
	state: ScrollState | undefined,
): {found: number; bottom: number} {
	const last = entries.length - 1;
	if (state === undefined) return {found: -1, bottom: last};
	const found = findId(entries, state.anchorId, state.at);
	return {found, bottom: found < 0 ? Math.min(state.at, last) : found};
}

/**
 * The anchor went (trimmed off the top of a full log): hold the place with
 * the entry there now. It moved far (pages read in above): remember where,
 * so the next search for it is short. Otherwise nothing to change.
 */
function movedAnchor(
	entries: readonly ChatEntry[],
	state: ScrollState,
	found: number,
	pageHeight: number,
): ScrollState | undefined {
	if (found < 0) {
		const at = Math.min(state.at, entries.length - 1);
		const holding = entries[at];
		return holding && {...state, anchorId: holding.id, at};
	}

	return Math.abs(found - state.at) > pageHeight
		? {...state, at: found}
		: undefined;
}

/**
 * The scroll state that shows the focused entry (`/jump`) near the top of
 * the page, one line of context above it: following the newest if that
 * page is the last; 'nowhere' if the entry is not there.
 */
function focusState(
	entries: readonly ChatEntry[],
	paging: PagingView,
	{
		state,
		pageHeight,
		width,
	}: {
		readonly state: ScrollState | undefined;
		readonly pageHeight: number;
		readonly width: number;
	},
): ScrollState | undefined | 'nowhere' {
	const target = paging.focus
		? findId(entries, paging.focus.id, paging.paged)
		: -1;
	if (target < 0) return 'nowhere';
	// Heights without fingerprints: near enough to place a page.
	const last = lastFitting(
		entries,
		Math.max(0, target - 1),
		pageHeight,
		(entry) => layoutEntry(entry, width).height,
	);
	const anchor = entries[last];
	if (last >= entries.length - 1 || anchor === undefined) return undefined;
	const seenId =
		state?.seenId ??
		newestId(entries, Math.max(paging.paged, entries.length - pageHeight - 1));
	return {anchorId: anchor.id, seenId, at: last};
}
