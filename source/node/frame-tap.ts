/**
 * Where the protocol inspector (`/inspect`, `service/inspector.ts`) watches
 * frames pass. The links tell it of each frame they write or read, the
 * runtime of what the core made of each one read, and the core's verifier
 * of each signature it checks; from these it makes one record per frame.
 *
 * Nobody watching is the usual case, and it must cost nothing: the links
 * and the runtime call in only while `watching` is true (one property read
 * per frame otherwise), and the verifier the core holds is then the plain
 * one, not a wrapper: `watch` swaps the recording functions in, and its
 * undo swaps the plain ones back. No record, event or allocation is made
 * while nobody watches.
 */
import type {
	CoreEffect,
	CoreEvent,
	MeshFrame,
	Verifier,
} from '../protocol/core-types.js';
import {
	isFrameError,
	type FrameError,
	type NativeFrame,
	type SkippedFrame,
} from '../protocol/native-frames.js';
import type {Ip} from '../protocol/address.js';
import type {LinkPeer, LinkTap, NativeLink} from './native-link.js';

/** One frame as it passed, with what became of it. */
export type TappedFrame = {
	/** When it was written or read (the node's clock, epoch ms). */
	readonly at: number;
	readonly direction: 'in' | 'out';
	/** The link's peer; none before its HELLO is in (then only `ip`). */
	readonly peer: LinkPeer | undefined;
	readonly ip: Ip;
	/**
	 * The frame's length in bytes. On the wire secret-stream adds 20 more:
	 * a 3-byte length before it, a 17-byte tag after it.
	 */
	readonly bytes: number;
	/**
	 * The frame; an extension this node does not know (skipped); or why it
	 * does not decode (the link is closed over it).
	 */
	readonly frame: NativeFrame | SkippedFrame | FrameError;
	/** Read frames: what the core made of it; none if it never reached the core. */
	readonly effects: readonly CoreEffect[] | undefined;
	/** Read frames: each signature checked while it was handled (true: valid). */
	readonly signatures: readonly boolean[];
	/** Read frames: the link closed while it was handled (it broke a rule). */
	readonly closed: boolean;
};

type Draft = {
	-readonly [K in keyof TappedFrame]: K extends 'signatures'
		? boolean[]
		: TappedFrame[K];
};

/**
 * What a read frame and the mesh frame the runtime later hands the core
 * share: the same decoded object (an envelope, an announcement...). The
 * runtime handles links' frames in turns (`inbound-turns.ts`), so a frame
 * read now may reach the core later; this is how its row finds it.
 */
function sharedPart(frame: NativeFrame | MeshFrame): WeakKey | undefined {
	const kind = 'kind' in frame ? frame.kind : frame.type;
	switch (kind) {
		case 'chat': {
			return 'envelope' in frame ? frame.envelope : undefined;
		}

		case 'announce': {
			return 'announcement' in frame ? frame.announcement : undefined;
		}

		case 'bridged': {
			return 'line' in frame ? frame.line : undefined;
		}

		case 'ack': {
			return 'seqs' in frame ? frame.seqs : undefined;
		}

		case 'sync': {
			return 'message' in frame ? frame.message : undefined;
		}

		case 'tree': {
			// The array an IHAVE or GRAFT decoded, which the core's control shares.
			if (!('control' in frame)) return undefined;
			const {control} = frame;
			return control.kind === 'ihave'
				? control.entries
				: control.kind === 'graft'
					? control.ids
					: undefined;
		}

		case 'ihave': {
			return 'entries' in frame ? frame.entries : undefined;
		}

		case 'graft': {
			return 'ids' in frame ? frame.ids : undefined;
		}

		case 'digest': {
			return 'digest' in frame ? frame.digest : undefined;
		}

		case 'hello':
		case 'prune':
		case 'tree-hello':
		case 'features':
		case 'want':
		case 'synced': {
			// A HELLO is the link's own business; a SYNCED line is decoded
			// anew inside, so it shares nothing with what the core takes.
			return undefined;
		}
	}
}

/** Rows waiting for the core's turn at most; past it the oldest is told as it is. */
const maxWaiting = 2048;

type Checks = Pick<
	Verifier,
	'verifyChat' | 'verifyBridged' | 'verifyAnnouncement'
>;

export class FrameTap implements LinkTap {
	/** Someone watches: the links and the runtime call in (else they do not). */
	watching = false;
	/**
	 * Frames recorded since this tap was made (only while watched: the test
	 * that an unwatched node records nothing reads it).
	 */
	recorded = 0;
	/**
	 * The verifier to give the core: the plain functions while nobody
	 * watches, recording ones while someone does.
	 */
	readonly verifier: Verifier;
	readonly #plain: Checks;
	readonly #recording: Checks;
	readonly #now: () => number;
	#listener: ((frame: TappedFrame) => void) | undefined;
	/** The read frame being handled now, if any. */
	#open: Draft | undefined;
	/** Frames written while it was handled: told after it (they follow from it). */
	#held: TappedFrame[] = [];
	/** Read frames the runtime queued, by what they share with the mesh frame. */
	readonly #waiting = new Map<WeakKey, Draft>();
	/** The open row is a queued frame's, told once judged. */
	#late = false;

	constructor(verifier: Verifier, now: () => number) {
		this.#now = now;
		this.#plain = {
			verifyChat: verifier.verifyChat,
			verifyBridged: verifier.verifyBridged,
			verifyAnnouncement: verifier.verifyAnnouncement,
		};
		this.#recording = {
			verifyChat: (envelope) => this.#checked(verifier.verifyChat(envelope)),
			verifyBridged: (line) => this.#checked(verifier.verifyBridged(line)),
			verifyAnnouncement: (announcement) =>
				this.#checked(verifier.verifyAnnouncement(announcement)),
		};
		this.verifier = {...verifier};
	}

	/**
	 * Tell `listener` of every frame from now on, until the returned
	 * function is called. One listener at a time (the service's inspector
	 * shares it among its viewers).
	 */
	watch(listener: (frame: TappedFrame) => void): () => void {
		if (this.#listener) throw new Error('The frame tap is watched already.');
		this.#listener = listener;
		this.watching = true;
		Object.assign(this.verifier, this.#recording);
		return () => {
			if (this.#listener !== listener) return;
			this.#listener = undefined;
			this.watching = false;
			Object.assign(this.verifier, this.#plain);
		};
	}

	sent(link: NativeLink, bytes: number, frame: NativeFrame): void {
		const record: TappedFrame = {
			at: this.#now(),
			direction: 'out',
			peer: link.peer,
			ip: link.remoteIp,
			bytes,
			frame,
			effects: undefined,
			signatures: [],
			closed: false,
		};
		if (this.#open) this.#held.push(record);
		else this.#tell(record);
	}

	received(
		link: NativeLink,
		bytes: number,
		frame: NativeFrame | SkippedFrame | FrameError,
		take: () => void,
	): void {
		const draft: Draft = {
			at: this.#now(),
			direction: 'in',
			peer: link.peer,
			ip: link.remoteIp,
			bytes,
			frame,
			effects: undefined,
			signatures: [],
			closed: false,
		};
		// Reads do not nest (each comes from its own socket event), but
		// nothing is lost if one ever did.
		const outer = {open: this.#open, held: this.#held};
		this.#open = draft;
		this.#held = [];
		try {
			take();
		} finally {
			const held = this.#held;
			this.#open = outer.open;
			this.#held = outer.held;
			// A HELLO makes the link's peer: the record names it.
			draft.peer = link.peer ?? draft.peer;
			draft.closed = link.closed;
			const shared =
				isFrameError(frame) || frame.type === 'skipped'
					? undefined
					: sharedPart(frame);
			// Queued for a later turn: told once the core has judged it.
			if (shared && !draft.closed && draft.effects === undefined) {
				this.#wait(shared, draft);
			} else {
				this.#tell(draft);
			}

			for (const record of held) this.#tell(record);
		}
	}

	/** The core is about to take an event: a queued frame's row opens again. */
	judging(event: CoreEvent): void {
		if (event.type !== 'frame') return;
		const shared = sharedPart(event.frame);
		const draft = shared && this.#waiting.get(shared);
		if (!shared || !draft) return;
		this.#waiting.delete(shared);
		this.#open = draft;
		this.#held = [];
		this.#late = true;
	}

	/** What the core made of an event: kept if it is the frame being read. */
	judged(event: CoreEvent, effects: readonly CoreEffect[]): void {
		const open = this.#open;
		if (event.type !== 'frame' || !open || open.effects) return;
		open.effects = effects;
		if (!this.#late) return;
		// A frame from a turn: its row, then what was sent while judging it.
		this.#late = false;
		const held = this.#held;
		this.#open = undefined;
		this.#held = [];
		this.#tell(open);
		for (const record of held) this.#tell(record);
	}

	#wait(shared: WeakKey, draft: Draft): void {
		this.#waiting.set(shared, draft);
		if (this.#waiting.size <= maxWaiting) return;
		const [oldest] = this.#waiting;
		if (!oldest) return;
		this.#waiting.delete(oldest[0]);
		this.#tell(oldest[1]);
	}

	#checked(valid: boolean): boolean {
		this.#open?.signatures.push(valid);
		return valid;
	}

	#tell(record: TappedFrame): void {
		if (!this.#listener) return;
		this.recorded++;
		this.#listener(record);
	}
}
