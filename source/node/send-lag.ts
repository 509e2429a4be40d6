/**
 * The first step of a link's send policy (issue 13, item 3). What a link
 * has written and its peer not taken yet grows when the peer reads slower
 * than we write. Three steps, so memory never grows without bound:
 *
 * 1. Past `laggingBytes` the link is *lagging*: told once (`'lagging'`),
 *    so the core stops pushing relayed lines on it eagerly (Plumtree makes
 *    it lazy: it gets IHAVE announcements, a few bytes a line, and GRAFTs
 *    what it misses, at a pace it can take). Once the backlog has drained
 *    below a quarter of that it is told `'drained'` (the link may be eager
 *    again at once), and only then can it lag again, so a link near the
 *    mark does not flap.
 * 2. Past `backlogBytes` for `slowPeerMs`, or 3. past `maxBufferedBytes`
 *    at once, the peer is dropped (`send-backlog.ts`).
 *
 * Pure bookkeeping: the link passes its backlog in after each write, and
 * when its stream drains.
 */
export class SendLag {
	readonly #laggingBytes: number;
	#lagging = false;

	constructor(laggingBytes: number) {
		this.#laggingBytes = laggingBytes;
	}

	/** Whether the link is lagging now (since the last crossing, not yet drained). */
	get lagging(): boolean {
		return this.#lagging;
	}

	/**
	 * With `waiting` bytes not taken: `'lagging'` if the link has just begun
	 * to lag, `'drained'` if it has just stopped, else undefined.
	 */
	change(waiting: number): 'lagging' | 'drained' | undefined {
		if (this.#lagging) {
			if (waiting >= this.#laggingBytes / 4) return undefined;
			this.#lagging = false;
			return 'drained';
		}

		if (waiting <= this.#laggingBytes) return undefined;
		this.#lagging = true;
		return 'lagging';
	}
}
