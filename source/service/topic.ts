/**
 * The room's topic: the newest topic line by its author's clock (ties by
 * author key, then sequence: the display order, the same on every node),
 * whichever way and in whatever order the lines arrive, live or caught up.
 * Kept in the history's settings, so a restart shows it before any line
 * comes again (catch-up brings topic lines only from its window).
 */
import type {TopicView} from './types.js';

/** A topic line, as the topic compares it. */
export type TopicLine = TopicView & {
	/** The author's key (hex). */
	readonly author: string;
	readonly seq: number;
};

/** Where the topic is kept between runs (the history's settings), if anywhere. */
export type TopicStore = {
	readonly load: () => string | undefined;
	readonly save: (value: string) => void;
};

export class Topic {
	readonly #store: TopicStore | undefined;
	#line: TopicLine | undefined;

	constructor(store: TopicStore | undefined) {
		this.#store = store;
		this.#line = parse(store?.load());
	}

	/** The topic now; undefined if no topic line was ever seen. */
	get current(): TopicView | undefined {
		if (!this.#line) return undefined;
		const {text, by, time} = this.#line;
		return {text, by, time};
	}

	/** Take `line` if it is newer than the topic now; whether it was. */
	consider(line: TopicLine): boolean {
		if (this.#line && !newer(line, this.#line)) return false;
		this.#line = line;
		this.#store?.save(JSON.stringify(line));
		return true;
	}
}

function newer(a: TopicLine, b: TopicLine): boolean {
	if (a.time !== b.time) return a.time > b.time;
	if (a.author !== b.author) return a.author > b.author;
	return a.seq > b.seq;
}

/** The saved topic, if it reads as one (a damaged setting is no topic). */
function parse(saved: string | undefined): TopicLine | undefined {
	if (saved === undefined) return undefined;
	try {
		const value: unknown = JSON.parse(saved);
		return isTopicLine(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

function isTopicLine(value: unknown): value is TopicLine {
	if (!isRecord(value) || !isRecord(value['by'])) return false;
	const {by} = value;
	return (
		typeof value['text'] === 'string' &&
		typeof value['author'] === 'string' &&
		typeof value['time'] === 'number' &&
		typeof value['seq'] === 'number' &&
		typeof by['nick'] === 'string' &&
		typeof by['fingerprint'] === 'string'
	);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}
