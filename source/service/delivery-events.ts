/**
 * What the runtime delivers, for the user: relayed lines to show (and to
 * pass on to the legacy hosts this node bridges for), a legacy host's own
 * lines, and changes among the peers (`peer-rows.ts` lists them in the host
 * table, wired by the service). Whether a line is new, genuine and not an echo was decided by the
 * core; this file only words it.
 */
import {formatHostPort} from '../protocol/address.js';
import type {MeshPayload} from '../protocol/core-types.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import {fingerprintOf, peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import {
	storedBridged,
	storedChat,
	storedLegacy,
	storedSealed,
	type KeptLine,
	type StoredLine,
} from './history.js';
import {plainForm, readChat, type LineReader} from './marked-lines.js';
import type {Report} from './report.js';
import type {Topic} from './topic.js';

/** What showing the runtime's deliveries takes. */
export type DeliveryDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
	/** For when a line was received, as the history keeps it. */
	readonly now: () => number;
	/** Reads marked lines: opens private lines to us. */
	readonly reader: LineReader;
	/** Topic lines set it when they are the newest. */
	readonly topic: Topic;
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

/**
 * A signed chat line: shown as it reads here (`marked-lines.ts`); a
 * private line between others kept sealed, unseen, so catch-up can serve
 * it; one to us that does not open kept the same way, and the user told.
 */
function deliverChat(
	deps: DeliveryDeps,
	{envelope, from, id}: {envelope: ChatEnvelope; from: PeerKey; id: string},
	how: 'live' | 'caught-up',
): void {
	const {report, hosts} = deps;
	const author = peerKeyOf(envelope.author);
	const line = readChat(envelope, deps.reader);
	if (line.kind !== 'shown') {
		report.keep(storedSealed(id, envelope, deps.now()));
		if (line.kind === 'refused') {
			report.count('badSignatures');
			report.remoteError(
				author,
				`A private line from ${envelope.nick}·${fingerprintOf(author)} was not shown: ${line.reason}.`,
			);
		}

		return;
	}

	report.count('received');
	const {text, style} = line;
	report.append(
		{
			kind: 'chat',
			source: {
				type: 'native',
				nick: envelope.nick,
				fingerprint: fingerprintOf(author),
				address: addressOf(deps, author, from),
			},
			text,
			...(style && {style}),
			...(how === 'caught-up' ? {caughtUp: true} : {}),
		},
		kept(envelope.timestamp, () => ({
			...storedChat('native', id, envelope, deps.now()),
			...line.stored,
		})),
	);
	if (style?.type === 'topic') {
		const newest = deps.topic.consider({
			text,
			by: {nick: envelope.nick, fingerprint: fingerprintOf(author)},
			time: envelope.timestamp,
			author,
			seq: envelope.seq,
		});
		if (newest) report.changed();
	}

	const plain = plainForm(envelope.nick, line, false);
	if (how === 'live' && plain) hosts.relay(plain);
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
	if (payload.kind === 'chat') {
		deliverChat(deps, {envelope: payload.envelope, from, id}, how);
		return;
	}

	report.count('received');

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
