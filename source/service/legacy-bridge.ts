/**
 * The mesh side of the legacy bridge: which legacy hosts this node passes
 * mesh messages to (those it bridges for, see `CoreView.bridges`, so each
 * legacy host hears each line from one node), and telling the mesh which
 * legacy hosts it knows, so the others can tell who bridges for whom.
 */
import type {HostRecord, HostTable} from '../protocol/host-table.js';
import {encodeLegacy} from '../protocol/legacy-codec.js';
import type {Broadcaster} from '../node/broadcaster.js';
import type {Runtime} from '../node/runtime.js';

export type LegacyBridgeOptions = {
	readonly table: HostTable;
	readonly broadcaster: Broadcaster;
	readonly runtime: Runtime;
	/** On a secret network nothing goes to or comes from legacy hosts. */
	readonly secret: string | undefined;
	readonly listenPort: () => number;
};

export class LegacyBridge {
	readonly #options: LegacyBridgeOptions;
	#announced = '';

	constructor(options: LegacyBridgeOptions) {
		this.#options = options;
	}

	/** Whether this node passes mesh messages to `host` (a legacy host it bridges for). */
	serves(host: HostRecord): boolean {
		return (
			host.dialect === 'legacy' &&
			this.#options.secret === undefined &&
			this.#options.runtime.view.bridges({ip: host.address, port: host.port})
		);
	}

	/**
	 * Send a mesh line in the seed's format, `prefix` (`<author> `, or
	 * `* author ` for an action) before every part of a long one, to every
	 * legacy host this node serves, except `except`.
	 */
	relay(text: string, prefix: string, except?: string): void {
		const port = this.#options.listenPort();
		if (port === 0) return;
		// Decided once per line; most nodes serve no legacy host, and then
		// the line is not encoded in the seed's format at all (a third of a
		// relay's time with 32 KiB lines went to encoding it for nobody).
		let served: Set<string> | undefined;
		for (const host of this.#options.table.list()) {
			if (host.id !== except && this.serves(host)) {
				served ??= new Set();
				served.add(host.id);
			}
		}

		if (!served) return;
		const chosen = served;
		const line = {
			legacyFrames: encodeLegacy(port, text, prefix),
			plain: true,
			envelope: undefined,
		};
		void this.#options.broadcaster.broadcast(
			line,
			(host) => !chosen.has(host.id),
		);
	}

	/**
	 * Pass on a line that legacy host `source` (`ip:port`) wrote: to the
	 * other legacy hosts this node serves, as `<ip:port> text`.
	 */
	relayLegacy(source: string, text: string): void {
		this.relay(text, `<${source}> `, source);
	}

	/** Tell the mesh which legacy hosts we know, if that changed. */
	sync(): void {
		if (this.#options.secret !== undefined) return;
		const hosts = this.#options.table
			.list()
			.filter((host) => host.dialect === 'legacy')
			.map((host) => ({ip: host.address, port: host.port}));
		const signature = hosts.map((host) => `${host.ip}:${host.port}`).join(',');
		if (signature === this.#announced) return;
		this.#announced = signature;
		this.#options.runtime.handle({type: 'set-legacy', hosts});
	}
}
