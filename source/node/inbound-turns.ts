/**
 * Frames from the links are handled in turns, round robin, not in the
 * order the sockets happened to be read. Node reads one socket up to 32
 * times 64 KiB before it looks at another, and handling a frame costs far
 * more than reading it (a signature, the log, the relay), so a flooding
 * peer's 2 MiB of lines (some 2,000 lines, a few hundred ms of work) were
 * all handled before an honest peer's one line that came meanwhile, and a
 * relay's copies of a flood were handled before the relay's own lines
 * behind them: honest round trips of 600 ms under a flood of signed lines
 * (issue 10, finding 4).
 *
 * Here each link's frames wait in a queue of their own, split by author
 * (a flow: the link's peer's own frames, and each author whose lines it
 * relays). A turn takes one frame from each link with frames waiting, in
 * order, and within a link one from each of its flows in order, round
 * after round, for at most `turnMs` (or `turnFrames`); then it gives the
 * event loop back so that sockets are read again, and goes on at the next
 * turn (`setImmediate`). So one link's frames, or one author's, delay
 * another's by about one turn, however many wait.
 *
 * What waits is bounded. A link whose own frames fill their flow, or whose
 * frames fill its queue, is held (not read: TCP makes the peer wait,
 * nothing is lost) until half of them were handled: a direct author is
 * paced, never dropped. A relayed author whose lines fill their flow on
 * one link has the rest of them dropped there (and counted) until it has
 * room again: holding the link would leave the relay's own lines behind
 * them in TCP, unread, and a relay sends what it was sent as fast as it
 * could handle it, which a slower node cannot follow for long.
 */
import type {MeshFrame} from '../protocol/core-types.js';
import {peerKeyOf, type PeerKey} from '../protocol/peer-key.js';

/** How many frames wait, and how long one turn handles them. */
export type TurnLimits = {
	/** A link with this many of its peer's own frames waiting is held... */
	readonly ownFrames: number;
	/** ...or with this many bytes of them (frames are up to 64 KiB). */
	readonly ownBytes: number;
	/** A link with this many bytes waiting in all is held. */
	readonly linkBytes: number;
	/** One relayed author's lines beyond this many waiting on a link are dropped... */
	readonly relayedFrames: number;
	/** ...or beyond this many bytes. */
	readonly relayedBytes: number;
	/** A turn handles frames for at most this long... */
	readonly turnMs: number;
	/** ...and at most this many. */
	readonly turnFrames: number;
};

/**
 * 64 frames keep a link that is read at full speed busy for a turn or
 * more (a frame takes 0.05 to 0.3 ms to handle); 4 ms a turn is about
 * what one busy link or author can add to another's frame.
 */
export const defaultTurnLimits: TurnLimits = {
	ownFrames: 64,
	ownBytes: 256 * 1024,
	linkBytes: 1024 * 1024,
	relayedFrames: 512,
	relayedBytes: 512 * 1024,
	turnMs: 4,
	turnFrames: 256,
};

/** What the turns need of a link: to stop reading it, and to read it again. */
export type HeldSource = {
	hold(): void;
	release(): void;
};

type Waiting<F> = {readonly frame: F; readonly bytes: number};

/** One author's frames on one link, oldest first. */
type Flow<K, F> = {
	readonly author: K;
	readonly items: Array<Waiting<F>>;
	bytes: number;
};

type LinkQueue<K, F> = {
	readonly source: HeldSource;
	readonly key: K;
	readonly flows: Map<K, Flow<K, F>>;
	/** Flows with frames waiting, in the order of their next turn. */
	readonly ready: Array<Flow<K, F>>;
	bytes: number;
	held: boolean;
};

export type TurnOptions<K, F> = {
	/** Handle one frame from the link to `key`. */
	readonly handle: (key: K, frame: F) => void;
	/** A relayed author's frame from the link to `key` was dropped: too many of its lines wait. */
	readonly drop: (key: K, frame: F) => void;
	/** Who wrote `frame`: a relayed line's author, or undefined for the link's own. */
	readonly authorOf: (frame: F) => K | undefined;
	readonly limits?: TurnLimits;
	/** A clock in ms for the turn's budget (`performance.now`). */
	readonly clock?: () => number;
	/** Run the next turn after the event loop read the sockets (`setImmediate`). */
	readonly defer?: (run: () => void) => void;
};

export class InboundTurns<K, F> {
	readonly #options: TurnOptions<K, F>;
	readonly #limits: TurnLimits;
	readonly #clock: () => number;
	readonly #defer: (run: () => void) => void;
	readonly #links = new Map<HeldSource, LinkQueue<K, F>>();
	/** The links with frames waiting, in the order of their next turn. */
	#ready: Array<LinkQueue<K, F>> = [];
	#scheduled = false;
	#stopped = false;

	constructor(options: TurnOptions<K, F>) {
		this.#options = options;
		this.#limits = options.limits ?? defaultTurnLimits;
		this.#clock = options.clock ?? (() => performance.now());
		this.#defer =
			options.defer ??
			((run) => {
				setImmediate(run);
			});
	}

	/** `source` (the link to `key`) brought `frame`, `bytes` long: it waits for its turn. */
	push(source: HeldSource, key: K, frame: F, bytes: number): void {
		if (this.#stopped) return;
		const author = this.#options.authorOf(frame) ?? key;
		let link = this.#links.get(source);
		const flow = link?.flows.get(author);
		if (
			author !== key &&
			flow &&
			(flow.items.length >= this.#limits.relayedFrames ||
				flow.bytes >= this.#limits.relayedBytes)
		) {
			this.#options.drop(key, frame);
			return;
		}

		if (!link) {
			link = {
				source,
				key,
				flows: new Map(),
				ready: [],
				bytes: 0,
				held: false,
			};
			this.#links.set(source, link);
			this.#ready.push(link);
		}

		this.#enqueue(link, flow ?? this.#newFlow(link, author), {frame, bytes});
		if (!link.held && this.#full(link)) {
			link.held = true;
			source.hold();
		}

		this.#schedule();
	}

	/**
	 * Handle now what waits from `source` (its link closed: the core hears
	 * of its frames before it hears the link is down), and forget it.
	 */
	flush(source: HeldSource): void {
		const link = this.#links.get(source);
		if (!link) return;
		this.#links.delete(source);
		this.#ready = this.#ready.filter((other) => other !== link);
		for (let flow = link.ready.shift(); flow; flow = link.ready.shift()) {
			const item = this.#take(link, flow);
			this.#options.handle(link.key, item.frame);
		}
	}

	/** Drop what waits and handle nothing more (the node is stopping). */
	stop(): void {
		this.#stopped = true;
		this.#links.clear();
		this.#ready = [];
	}

	#newFlow(link: LinkQueue<K, F>, author: K): Flow<K, F> {
		const flow: Flow<K, F> = {author, items: [], bytes: 0};
		link.flows.set(author, flow);
		link.ready.push(flow);
		return flow;
	}

	#enqueue(link: LinkQueue<K, F>, flow: Flow<K, F>, item: Waiting<F>): void {
		flow.items.push(item);
		flow.bytes += item.bytes;
		link.bytes += item.bytes;
	}

	/** Whether `link` must not be read: its own frames, or all its frames, fill their share. */
	#full(link: LinkQueue<K, F>, fraction = 1): boolean {
		const own = link.flows.get(link.key);
		const {ownFrames, ownBytes, linkBytes} = this.#limits;
		return (
			link.bytes >= linkBytes * fraction ||
			(own !== undefined &&
				(own.items.length >= ownFrames * fraction ||
					own.bytes >= ownBytes * fraction))
		);
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		this.#defer(() => {
			this.#scheduled = false;
			this.#turn();
		});
	}

	#turn(): void {
		const {turnMs, turnFrames} = this.#limits;
		const start = this.#clock();
		for (let handled = 0; handled < turnFrames; handled++) {
			const link = this.#ready.shift();
			if (!link) break;
			const flow = link.ready.shift()!;
			const item = this.#take(link, flow);
			if (link.ready.length > 0) this.#ready.push(link);
			else this.#links.delete(link.source);
			this.#options.handle(link.key, item.frame);
			if (this.#stopped || this.#clock() - start >= turnMs) break;
		}

		if (this.#ready.length > 0 && !this.#stopped) this.#schedule();
	}

	/**
	 * The next frame of `flow`, just taken off `link`'s ready list (it goes
	 * back to the end if more wait); `link` is read again once half of what
	 * held it was handled.
	 */
	#take(link: LinkQueue<K, F>, flow: Flow<K, F>): Waiting<F> {
		const item = flow.items.shift()!;
		flow.bytes -= item.bytes;
		link.bytes -= item.bytes;
		if (flow.items.length > 0) {
			link.ready.push(flow);
		} else {
			link.flows.delete(flow.author);
		}

		if (link.held && !this.#full(link, 0.5)) {
			link.held = false;
			link.source.release();
		}

		return item;
	}
}

/**
 * Whose flow a frame is in: a line's author (a bridged line's bridge),
 * which may be the link's peer or someone it relays; undefined for
 * announcements and acks, which are the link's own (announcements that
 * it relays have their own limits, per link, in the core).
 */
export function lineAuthor(frame: MeshFrame): PeerKey | undefined {
	if (frame.kind === 'chat') return peerKeyOf(frame.envelope.author);
	if (frame.kind === 'bridged') return peerKeyOf(frame.line.bridge);
	return undefined;
}
