/**
 * What the runtime delivers, for the user: relayed lines to show (and to
 * pass on to the legacy hosts this node bridges for), a legacy host's own
 * lines, and changes among the peers (`peer-rows.ts` lists them in the host
 * table). Whether a line is new, genuine and not an echo was decided by the
 * core; this file only words it.
 */
import {formatHostPort} from '../protocol/address.js';
import type {MeshPayload} from '../protocol/core-types.js';
import {fingerprintOf, toHex} from '../protocol/link-choice.js';
import {PeerRows} from './peer-rows.js';
import type {ServiceHooks} from './service-hooks.js';

/** Wire the runtime's deliveries; returns the peer rows, to stop with the service. */
export function wireMesh(hooks: ServiceHooks): PeerRows {
	const {runtime} = hooks;
	runtime.on('deliver', (payload, from) => {
		deliver(hooks, payload, from);
	});
	runtime.on('deliver-legacy', (source, text, bridged) => {
		const from = formatHostPort(source.ip, source.port);
		hooks.append({kind: 'chat', source: {type: 'legacy', address: from}, text});
		if (bridged) hooks.bridge.relayLegacy(from, text);
	});
	const peers = new PeerRows(hooks);
	runtime.on('peers-changed', () => {
		peers.sync();
		hooks.changed();
	});
	return peers;
}

/**
 * `ip:port` of the author's listening address: from the table, or from our
 * link when the author sent it to us itself (a table that is full lists it not).
 */
function addressOf(
	hooks: ServiceHooks,
	author: string,
	from: string,
): string | undefined {
	const listed = hooks.table.withKey(author)[0]?.id;
	if (listed !== undefined || author !== from) return listed;
	const linked = hooks.runtime.linkAddress(from);
	return linked && formatHostPort(linked.ip, linked.port);
}

function deliver(
	hooks: ServiceHooks,
	payload: MeshPayload,
	from: string,
): void {
	hooks.count('received');
	if (payload.kind === 'chat') {
		const {envelope} = payload;
		const author = toHex(envelope.author);
		hooks.append({
			kind: 'chat',
			source: {
				type: 'native',
				nick: envelope.nick,
				fingerprint: fingerprintOf(author),
				address: addressOf(hooks, author, from),
			},
			text: envelope.text,
		});
		hooks.bridge.relay(`<${envelope.nick}> ${envelope.text}`);
		return;
	}

	const {line} = payload;
	const source = formatHostPort(line.source.ip, line.source.port);
	hooks.append({
		kind: 'chat',
		source: {
			type: 'legacy',
			address: source,
			bridge: {
				nick: line.bridgeNick,
				fingerprint: fingerprintOf(toHex(line.bridge)),
			},
		},
		text: line.text,
	});
	hooks.bridge.relayLegacy(source, line.text);
}
