/**
 * An in-memory InspectorApi for UI tests: frames and a mesh map a test
 * pushes in, and a count of who is watching (the pane must stop watching
 * when it closes, so a closed inspector costs the node nothing).
 */
import type {
	FrameRow,
	InspectorApi,
	InspectorSnapshot,
	MeshMap,
} from '../../source/service/inspector-types.js';

/** A frame row with defaults: an outgoing CHAT line of ours to bob. */
export function makeFrame(overrides: Partial<FrameRow> = {}): FrameRow {
	return {
		id: 1,
		time: Date.now(),
		direction: 'out',
		link: 'bob·1a2b3c4d',
		type: 'CHAT',
		bytes: 120,
		origin: 'you',
		hops: 0,
		signature: undefined,
		verdict: 'sent',
		reason: undefined,
		detail: '"hello"',
		...overrides,
	};
}

export class FakeInspector implements InspectorApi {
	frameViewers = 0;
	mapViewers = 0;
	/** The map shown while it is watched. */
	map: MeshMap = {self: 'me·00000000', peers: [], unreachable: []};
	#frames: FrameRow[] = [];
	#snapshot: InspectorSnapshot = {frames: [], seen: 0, map: undefined};
	readonly #listeners = new Set<() => void>();

	/** Frames pass: recorded only while someone watches, as the real one does. */
	push(...rows: FrameRow[]): void {
		if (this.frameViewers === 0) return;
		this.#frames = [...this.#frames, ...rows];
		this.#changed();
	}

	setMap(map: MeshMap): void {
		this.map = map;
		this.#changed();
	}

	watchFrames = (): (() => void) => {
		this.frameViewers++;
		this.#changed();
		return () => {
			this.frameViewers--;
			if (this.frameViewers === 0) this.#frames = [];
			this.#changed();
		};
	};

	watchMap = (): (() => void) => {
		this.mapViewers++;
		this.#changed();
		return () => {
			this.mapViewers--;
			this.#changed();
		};
	};

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	};

	getSnapshot = (): InspectorSnapshot => this.#snapshot;

	#changed(): void {
		this.#snapshot = {
			frames: this.#frames,
			seen: this.#frames.length,
			map: this.mapViewers > 0 ? this.map : undefined,
		};
		for (const listener of this.#listeners) listener();
	}
}
