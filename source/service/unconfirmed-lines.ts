/**
 * Telling the user which of their lines a peer did not confirm: written to
 * the link, but no acknowledgement came (finding 9 of issue 10: lines
 * written to links that had died were reported delivered, and lost without
 * a word). Lines that fail together (a link closing with a burst in
 * flight, a tick giving up several at once: one runtime event) make one
 * notice per peer and reason, not one per line.
 */
import {formatHostPort} from '../protocol/address.js';
import type {LineOutcome, UnconfirmedReason} from '../protocol/core-types.js';
import type {PeerKey} from '../protocol/flood.js';
import {fingerprintOf} from '../protocol/peer-key.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';

/** What naming peers and telling the user take. */
export type UnconfirmedDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
};

/** A linked peer by its address: where it said it listens (its link's, else the mesh's). */
export function hostOf({runtime}: UnconfirmedDeps, key: PeerKey): string {
	const address = runtime.linkAddress(key) ?? runtime.view.addressOf(key);
	return address
		? formatHostPort(address.ip, address.port)
		: `peer·${fingerprintOf(key)}`;
}

/** `bob·1a2b3c4d (127.0.0.1:7001)`: who did not confirm a line. */
export function labelOf(deps: UnconfirmedDeps, key: PeerKey): string {
	const nick =
		deps.runtime.view.peers().find((peer) => peer.key === key)?.nick ?? 'peer';
	return `${nick}·${fingerprintOf(key)} (${hostOf(deps, key)})`;
}

/** The words for why a peer did not confirm, after "Not confirmed by bob·1a2b3c4d:". */
export function unconfirmedWords(
	reason: UnconfirmedReason,
	timeoutMs: number,
): string {
	switch (reason) {
		case 'timeout': {
			return `no acknowledgement within ${Math.round(timeoutMs / 1000)} s`;
		}

		case 'link-closed': {
			return 'the link closed before it acknowledged';
		}

		case 'overflow': {
			return 'too many of our lines were awaiting acknowledgement, so this node stopped waiting for the oldest (told once until acks come back)';
		}

		case 'stopped': {
			return 'this node stopped before it acknowledged';
		}
	}
}

/** Lines this short are quoted whole in a notice; longer ones are cut. */
const quoteLength = 40;

function quote(text: string): string {
	const chars = [...text];
	return chars.length <= quoteLength
		? `"${text}"`
		: `"${chars.slice(0, quoteLength - 1).join('')}…"`;
}

export class UnconfirmedLines {
	readonly #deps: UnconfirmedDeps;
	/**
	 * The text of each line awaiting its outcome, by `seq`. Every line the
	 * core is handed settles (acked, failed, timed out, given up or
	 * stopped), so entries do not outlive their line.
	 */
	readonly #texts = new Map<number, string>();
	/** Told that lines reach no one (until one reaches someone). */
	#toldNobody = false;
	/** Told that lines were given up for the bound (until an ack comes). */
	#toldOverflow = false;

	constructor(deps: UnconfirmedDeps) {
		this.#deps = deps;
		deps.runtime.on('lines-settled', (outcomes) => {
			this.#settled(outcomes);
		});
	}

	/**
	 * A line went to no one: no link was up and no legacy host was due
	 * one. Told once, until a line reaches someone again (the status and
	 * headless's last line count the rest).
	 */
	reachedNobody(text: string): void {
		if (this.#toldNobody) return;
		this.#toldNobody = true;
		this.#deps.report.note(
			`Not sent: no peer is linked right now; ${quote(text)} reached no one (further lines that reach no one are not told again until one gets through).`,
			'error',
		);
	}

	reachedSomeone(): void {
		this.#toldNobody = false;
	}

	/** Our line `seq` is about to be published: remember its text for the notice. */
	expect(seq: number, text: string): void {
		this.#texts.set(seq, text);
	}

	/** Line `seq` needs no notice any more. */
	forget(seq: number): void {
		this.#texts.delete(seq);
	}

	#settled(outcomes: readonly LineOutcome[]): void {
		const {ackTimeoutMs} = this.#deps.runtime.view.config;
		/** By peer and reason: the texts, in the order the lines settled. */
		const failures = new Map<
			string,
			{key: PeerKey; words: string; texts: string[]}
		>();
		for (const {seq, confirmed, unconfirmed} of outcomes) {
			const text = this.#texts.get(seq) ?? '';
			this.#texts.delete(seq);
			// Acks flow again: the next line given up for the bound is news.
			if (confirmed.length > 0) this.#toldOverflow = false;
			for (const {key, reason} of unconfirmed) {
				// Stopping: the node is going away; the caller hears it in the report.
				if (reason === 'stopped') continue;
				// A burst past the bound gives up one line per line sent, each
				// in its own event: told once until acks come back, not per line.
				if (reason === 'overflow') {
					if (this.#toldOverflow) continue;
					this.#toldOverflow = true;
				}

				const words = unconfirmedWords(reason, ackTimeoutMs);
				const id = `${key} ${reason}`;
				const failure = failures.get(id);
				if (failure) failure.texts.push(text);
				else failures.set(id, {key, words, texts: [text]});
			}
		}

		for (const {key, words, texts} of failures.values()) {
			const [first = ''] = texts;
			const what =
				texts.length === 1
					? quote(first)
					: `${texts.length} lines, from ${quote(first)} to ${quote(texts.at(-1) ?? '')}`;
			this.#deps.report.note(
				`Not confirmed by ${labelOf(this.#deps, key)}: ${what} (${words}; it may not have arrived).`,
				'error',
			);
		}
	}
}
