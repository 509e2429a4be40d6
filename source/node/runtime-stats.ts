/**
 * The runtime's own counters: every mesh frame a link brought, by kind,
 * counted as it arrives (before the core drops copies it has seen, so
 * frames over lines delivered is the redundancy a broadcast scheme pays),
 * and the lines the core handed over for the user (each counted once).
 */
import type {MeshFrame} from '../protocol/core-types.js';

/** What the runtime has counted since it started; a fresh frozen object per read. */
export type RuntimeStats = {
	/** Mesh frames received from links, per kind, duplicates included. */
	readonly framesReceived: Readonly<Record<MeshFrame['kind'], number>>;
	/** Lines delivered to the user: relayed chat and bridged lines, and legacy hosts' own. */
	readonly linesDelivered: number;
	/** Times a link's reading was paused: its author wrote beyond its share. */
	readonly paced: number;
	/** Catch-up: SYNC frames and their bytes sent, and lines served to peers. */
	readonly catchUp: {
		readonly syncsSent: number;
		readonly syncBytesSent: number;
		readonly linesServed: number;
	};
};

/** The mutable side, kept inside the runtime. */
export class RuntimeCounters {
	readonly #frames: Record<MeshFrame['kind'], number> = {
		chat: 0,
		bridged: 0,
		announce: 0,
		ack: 0,
		sync: 0,
		synced: 0,
		'tree-hello': 0,
		tree: 0,
		features: 0,
		digest: 0,
		want: 0,
	};

	#delivered = 0;
	#paced = 0;
	#syncsSent = 0;
	#syncBytesSent = 0;
	#linesServed = 0;

	frame(kind: MeshFrame['kind']): void {
		this.#frames[kind]++;
	}

	delivered(): void {
		this.#delivered++;
	}

	paced(): void {
		this.#paced++;
	}

	syncSent(bytes: number): void {
		if (bytes === 0) return;
		this.#syncsSent++;
		this.#syncBytesSent += bytes;
	}

	served(lines: number): void {
		this.#linesServed += lines;
	}

	read(): RuntimeStats {
		return Object.freeze({
			framesReceived: Object.freeze({...this.#frames}),
			linesDelivered: this.#delivered,
			paced: this.#paced,
			catchUp: Object.freeze({
				syncsSent: this.#syncsSent,
				syncBytesSent: this.#syncBytesSent,
				linesServed: this.#linesServed,
			}),
		});
	}
}
