/**
 * What the runtime delivers, for the user: relayed lines to show (and to
 * pass on to the legacy hosts this node bridges for), a legacy host's own
 * lines, and changes among the peers (`peer-rows.ts` lists them in the host
 * table, wired by the service). Whether a line is new, genuine and not an echo was decided by the
 * core; this file only words it.
 */
import {formatHostPort} from '../protocol/address.js';
import type {MeshPayload} from '../protocol/core-types.js';
import {fingerprintOf, peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import {
	storedBridged,
	storedChat,
	storedLegacy,
	type KeptLine,
	type StoredLine,
} from './history.js';
import type {Report} from './report.js';

/** What showing the runtime's deliveries takes. */
export type DeliveryDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
	/** For when a line was received, as the history keeps it. */
	readonly now: () => number;
};

/** Show what the runtime delivers. */
export function wireDeliveries(deps: DeliveryDeps): void {
	const {runtime, report, hosts} = deps;
	runtime.on('deliver', (payload, from, id) => {
		deliver(deps, payload, from, id, 'live');
	});
	runtime.on('caught-up', (payload, from, id) => {
		deliver(deps, payload, from, id, 'caught-up');
	});
	// Plain lines have no id of their own: a count tells apart two in one millisecond.
	let plainLines = 0;
	runtime.on('deliver-legacy', (source, text, bridged) => {
		const from = formatHostPort(source.ip, source.port);
		report.append(
			{kind: 'chat', source: {type: 'legacy', address: from}, text},
			kept(deps.now(), () =>
				storedLegacy(source, text, deps.now(), plainLines++, bridged),
			),
		);
		if (bridged) hosts.relayLegacy(from, text);
	});
}

function kept(time: number, stored: () => StoredLine): KeptLine {
	return {time, stored};
}

/**
 * `ip:port` of the author's listening address: from our link when the
 * author sent it to us itself, else where the mesh last saw it.
 */
function addressOf(
	deps: DeliveryDeps,
	author: PeerKey,
	from: PeerKey,
): string | undefined {
	const known =
		(author === from ? deps.runtime.linkAddress(from) : undefined) ??
		deps.runtime.view.addressOf(author);
	return known && formatHostPort(known.ip, known.port);
}

/**
 * Show a line from the mesh. A `live` one also goes to the legacy hosts
 * this node serves; one `caught-up` is old news to them (the seed's
 * protocol has no time on a line) and is only kept and shown.
 */
function deliver(
	deps: DeliveryDeps,
	payload: MeshPayload,
	from: PeerKey,
	id: string,
	how: 'live' | 'caught-up',
): void {
	const {report, hosts} = deps;
	const late = how === 'caught-up' ? ({caughtUp: true} as const) : {};
	report.count('received');
	if (payload.kind === 'chat') {
		const {envelope} = payload;
		const author = peerKeyOf(envelope.author);
		report.append(
			{
				kind: 'chat',
				source: {
					type: 'native',
					nick: envelope.nick,
					fingerprint: fingerprintOf(author),
					address: addressOf(deps, author, from),
				},
				text: envelope.text,
				...late,
			},
			kept(envelope.timestamp, () =>
				storedChat('native', id, envelope, deps.now()),
			),
		);
		if (how === 'live') hosts.relay(envelope.nick, envelope.text);
		return;
	}

	const {line} = payload;
	const source = formatHostPort(line.source.ip, line.source.port);
	report.append(
		{
			kind: 'chat',
			source: {
				type: 'legacy',
				address: source,
				bridge: {
					nick: line.bridgeNick,
					fingerprint: fingerprintOf(peerKeyOf(line.bridge)),
				},
			},
			text: line.text,
			...late,
		},
		kept(line.timestamp, () => storedBridged(id, line, deps.now())),
	);
	if (how === 'live') hosts.relayLegacy(source, line.text);
}
