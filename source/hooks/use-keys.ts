/**
 * Keys for components, read with our own parser (`view/key-parser.ts`)
 * instead of Ink's `useInput`, which crashes on some input and loses
 * keys (see there). The text comes from Ink all the same: Ink reads stdin
 * while raw mode is on (`setRawMode` from `useStdin`, counted, as
 * `useInput` does), splits it at escape sequences and emits the pieces, in
 * order and all at once per read, on its internal `input` emitter, which
 * `useInput` listens to too. Here the pieces of one read are joined again
 * (they all come before the next microtask) and parsed as one burst, so a
 * sequence Ink cut in two (an OSC title) is still read whole, and a burst
 * of several lines can be told from typing (`foldPastes`).
 *
 * One parser per Ink app, shared by every `useKeys` in it: a parser holds
 * state (an unfinished sequence, an open paste) that must see the stream
 * once. Listeners get the events of a burst together, so a component can
 * apply them all and render once.
 */
import type {EventEmitter} from 'node:events';
import {useEffect, useLayoutEffect, useRef} from 'react';
import {useStdin} from 'ink';
import {foldPastes, KeyParser, type KeyEvent} from '../view/key-parser.js';

/** What `useKeys` calls: the key events of one burst of input, in order. */
export type KeysListener = (keys: readonly KeyEvent[]) => void;

/**
 * How long an unfinished escape sequence waits for the rest (ms) before a
 * lone ESC counts as the Escape key: Ink hands over what one read brought,
 * and a sequence may be cut between two reads (vim waits 100 ms).
 */
const escapeWaitMs = 50;

/**
 * A bracketed paste whose end marker has not come after this long (ms)
 * with nothing else coming is taken as ended, so a lost marker cannot make
 * everything typed after it part of a paste.
 */
const pasteWaitMs = 1000;

/** The parser of one Ink app's input and the listeners that share it. */
class KeySource {
	readonly #emitter: EventEmitter;
	readonly #parser = new KeyParser();
	readonly #listeners = new Set<KeysListener>();
	#burst = '';
	#draining = false;
	#timer: NodeJS.Timeout | undefined;

	constructor(emitter: EventEmitter) {
		this.#emitter = emitter;
	}

	add(listener: KeysListener): void {
		if (this.#listeners.size === 0) this.#emitter.on('input', this.#onInput);
		this.#listeners.add(listener);
	}

	remove(listener: KeysListener): void {
		this.#listeners.delete(listener);
		if (this.#listeners.size > 0) return;
		this.#emitter.off('input', this.#onInput);
		clearTimeout(this.#timer);
	}

	readonly #onInput = (data: unknown): void => {
		this.#burst += String(data);
		if (this.#draining) return;
		this.#draining = true;
		queueMicrotask(this.#drain);
	};

	readonly #drain = (): void => {
		this.#draining = false;
		const burst = this.#burst;
		this.#burst = '';
		clearTimeout(this.#timer);
		this.#deliver(foldPastes(this.#parser.push(burst)));
		this.#waitForRest();
	};

	/** An unfinished sequence or paste ends after a pause, unless more comes. */
	#waitForRest(): void {
		const {waiting} = this.#parser;
		if (waiting === undefined) return;
		this.#timer = setTimeout(
			() => {
				this.#deliver(
					waiting === 'escape' ? this.#parser.flush() : this.#parser.endPaste(),
				);
				this.#waitForRest();
			},
			waiting === 'escape' ? escapeWaitMs : pasteWaitMs,
		);
	}

	#deliver(events: readonly KeyEvent[]): void {
		if (events.length === 0) return;
		for (const listener of this.#listeners) listener(events);
	}
}

const sources = new WeakMap<EventEmitter, KeySource>();

function sourceOf(emitter: EventEmitter): KeySource {
	let source = sources.get(emitter);
	if (source === undefined) {
		source = new KeySource(emitter);
		sources.set(emitter, source);
	}

	return source;
}

/** Options of `useKeys`. */
export type KeysOptions = {
	/** Listen (default true); raw mode is on while any `useKeys` listens. */
	readonly isActive?: boolean;
};

/**
 * Call `onKeys` with each burst of key events. The latest `onKeys` is
 * called (no re-subscription when it changes, so no key is missed between
 * a render and its effects).
 */
export function useKeys(
	onKeys: KeysListener,
	{isActive = true}: KeysOptions = {},
): void {
	const {setRawMode, internal_eventEmitter: emitter} = useStdin();
	const latest = useRef(onKeys);
	useLayoutEffect(() => {
		latest.current = onKeys;
	});

	useEffect(() => {
		if (!isActive) return;
		setRawMode(true);
		return () => {
			setRawMode(false);
		};
	}, [isActive, setRawMode]);

	useEffect(() => {
		if (!isActive) return;
		const source = sourceOf(emitter);
		const listener: KeysListener = (keys) => {
			latest.current(keys);
		};

		source.add(listener);
		return () => {
			source.remove(listener);
		};
	}, [isActive, emitter]);
}
