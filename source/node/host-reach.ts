/**
 * How to reach a host right now, for the broadcaster: its live native link,
 * a fresh native dial (which also tells a legacy host apart: it answers
 * `Message received`), or the seed's plain text. Keeps the host table up to
 * date with what each attempt learned.
 */
import type {HostTable} from '../protocol/host-table.js';
import type {Reach, ReachHost} from './broadcaster.js';
import {probe} from './legacy-client.js';
import type {NativeLinks} from './native-links.js';
import type {Transport} from './transport.js';

export type ReachOptions = {
	readonly table: HostTable;
	readonly links: NativeLinks;
	/** For probes of legacy hosts. */
	readonly transport: Transport;
	/** With a network secret, legacy hosts get nothing. */
	readonly secret: string | undefined;
	readonly timeoutMs: number;
	readonly now: () => number;
	/** A dial found a host to be legacy (the service tells the user). */
	readonly onLegacy: (host: string) => void;
	/** A dial reached this node itself (the service drops the host). */
	readonly onSelf: (host: string) => void;
};

export function createReach(options: ReachOptions): ReachHost {
	const {table, links, transport, secret, timeoutMs, now} = options;
	return async (host, isProbe): Promise<Reach> => {
		if (host.dialect === 'legacy') {
			if (secret !== undefined) return {kind: 'refused'};
			if (!isProbe) return {kind: 'legacy'};
			const result = await probe(transport, host.address, host.port, timeoutMs);
			return result.ok
				? {kind: 'legacy'}
				: {kind: 'failed', reason: result.reason};
		}

		const existing = host.publicKey ? links.get(host.publicKey) : undefined;
		if (existing?.ready) {
			return {kind: 'native', link: existing};
		}

		const result = await links.dial(host.address, host.port, timeoutMs);
		switch (result.kind) {
			case 'native': {
				const {peer} = result;
				table.linked(host.id, peer.key, now());
				return {kind: 'native', link: result.link};
			}

			case 'legacy': {
				table.succeeded(host.id, now(), 'legacy');
				options.onLegacy(host.id);
				return secret === undefined ? {kind: 'legacy'} : {kind: 'refused'};
			}

			case 'self': {
				options.onSelf(host.id);
				return {kind: 'failed', reason: 'that address is this node'};
			}

			case 'failed': {
				return result;
			}
		}
	};
}
