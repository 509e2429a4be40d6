/**
 * The protocol inspector and the mesh map, as the service offers them to
 * the UI (`InspectorApi`): the frames the tap reports (`node/frame-tap.ts`)
 * as rows, the newest 500 in a ring, and the map drawn from the core's view.
 *
 * It costs nothing while nobody looks: the tap is watched only while some
 * viewer has `watchFrames` open, the runtime is listened to only while
 * something is watched, and the ring is dropped when the last frame viewer
 * goes. While watched, a busy node changes it thousands of times a
 * second: viewers hear of it at most every 100 ms, and a snapshot is built
 * only when one is asked for after a change.
 */
import {fingerprintOf, type PeerKey} from '../protocol/peer-key.js';
import type {FrameTap, TappedFrame} from '../node/frame-tap.js';
import type {NativeLinks} from '../node/native-links.js';
import type {Runtime} from '../node/runtime.js';
import type {Author} from './author.js';
import {frameRow, type RowContext} from './frame-rows.js';
import {meshMap} from './mesh-map.js';
import type {
	FrameRow,
	InspectorApi,
	InspectorSnapshot,
} from './inspector-types.js';

export type InspectorOptions = {
	readonly tap: FrameTap;
	readonly runtime: Runtime;
	readonly links: NativeLinks;
	readonly author: Author;
	/** Frames kept (the newest). */
	readonly limit?: number;
	/** Viewers hear of changes at most this often. */
	readonly throttleMs?: number;
};

const emptySnapshot: InspectorSnapshot = Object.freeze({
	frames: Object.freeze([]),
	seen: 0,
	map: undefined,
});

export class Inspector implements InspectorApi {
	readonly #options: InspectorOptions;
	readonly #limit: number;
	readonly #throttleMs: number;
	readonly #listeners = new Set<() => void>();
	#frameViewers = 0;
	#mapViewers = 0;
	#unwatchTap: (() => void) | undefined;
	/** The newest frames; once full, `#next` is where the oldest is. */
	#ring: FrameRow[] = [];
	#next = 0;
	#seen = 0;
	/** Labels of the known peers, read from the core when first needed after a change. */
	#labels: Map<PeerKey, string> | undefined;
	#snapshot: InspectorSnapshot = emptySnapshot;
	#stale = false;
	#timer: NodeJS.Timeout | undefined;
	readonly #rowContext: RowContext;
	constructor(options: InspectorOptions) {
		this.#options = options;
		this.#limit = options.limit ?? 500;
		this.#throttleMs = options.throttleMs ?? 100;
		const {author, runtime} = options;
		this.#rowContext = {
			self: author.publicKey,
			label: (key, nick) => this.#label(key, nick),
			hops: (key) => runtime.view.reachable().get(key),
		};
	}

	watchFrames = (): (() => void) => {
		if (this.#frameViewers++ === 0) {
			this.#unwatchTap = this.#options.tap.watch((frame) => {
				this.#record(frame);
			});
		}

		return this.#viewer(() => {
			if (--this.#frameViewers > 0) return;
			this.#unwatchTap?.();
			this.#unwatchTap = undefined;
			this.#ring = [];
			this.#next = 0;
			this.#seen = 0;
		});
	};

	watchMap = (): (() => void) => {
		this.#mapViewers++;
		return this.#viewer(() => {
			this.#mapViewers--;
		});
	};

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	};

	getSnapshot = (): InspectorSnapshot => {
		if (!this.#stale) return this.#snapshot;
		this.#stale = false;
		const {runtime, links, author} = this.#options;
		const ring = this.#ring;
		const full = ring.length === this.#limit;
		this.#snapshot = Object.freeze({
			frames: Object.freeze(
				full
					? [...ring.slice(this.#next), ...ring.slice(0, this.#next)]
					: [...ring],
			),
			seen: this.#seen,
			map:
				this.#mapViewers > 0
					? meshMap({
							view: runtime.view,
							links,
							self: `${author.nick}·${author.fingerprint}`,
						})
					: undefined,
		});
		return this.#snapshot;
	};

	readonly #onPeers = () => {
		this.#labels = undefined;
		if (this.#mapViewers > 0) this.#changed();
	};

	/**
	 * Count a viewer in (listening to the runtime while there is any) and
	 * return its goodbye, which counts it out once however often it is called.
	 */
	#viewer(leave: () => void): () => void {
		if (this.#frameViewers + this.#mapViewers === 1) {
			this.#options.runtime.on('peers-changed', this.#onPeers);
		}

		this.#changed();
		let gone = false;
		return () => {
			if (gone) return;
			gone = true;
			leave();
			if (this.#frameViewers + this.#mapViewers === 0) {
				this.#options.runtime.off('peers-changed', this.#onPeers);
				this.#labels = undefined;
				clearTimeout(this.#timer);
				this.#timer = undefined;
			}

			this.#changed();
		};
	}

	#record(frame: TappedFrame): void {
		const row = frameRow(++this.#seen, frame, this.#rowContext);
		if (this.#ring.length < this.#limit) {
			this.#ring.push(row);
		} else {
			this.#ring[this.#next] = row;
			this.#next = (this.#next + 1) % this.#limit;
		}

		this.#changed();
	}

	#label(key: PeerKey, nick: string | undefined): string {
		if (key === this.#options.author.publicKey) return 'you';
		this.#labels ??= new Map(
			this.#options.runtime.view
				.peers()
				.map((peer) => [peer.key, `${peer.nick}·${fingerprintOf(peer.key)}`]),
		);
		return this.#labels.get(key) ?? `${nick ?? '?'}·${fingerprintOf(key)}`;
	}

	/** The snapshot is stale; viewers hear of it within `throttleMs`. */
	#changed(): void {
		this.#stale = true;
		if (this.#timer !== undefined) return;
		if (this.#frameViewers + this.#mapViewers === 0) {
			this.#tell();
			return;
		}

		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#tell();
		}, this.#throttleMs);
		this.#timer.unref();
	}

	#tell(): void {
		for (const listener of this.#listeners) listener();
	}
}
