/**
 * One inspector row from one tapped frame (`node/frame-tap.ts`): who it is
 * from, how far that is, whether its signature held and what the core made
 * of it, in words a learner can follow. The verdict is read off the core's
 * own effects (a delivery, a drop and its reason, an announcement that
 * changed the peers), so the inspector says what the node did, not what it
 * guesses the node did.
 */
import type {CoreEffect, DropReason} from '../protocol/core-types.js';
import {
	decodeFrame,
	isFrameError,
	type FrameError,
	type NativeFrame,
} from '../protocol/native-frames.js';
import {peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {TappedFrame} from '../node/frame-tap.js';
import type {FrameRow, FrameVerdict} from './inspector-types.js';
import {detailOf, typeNames} from './frame-details.js';

/** What a row needs to know of the mesh at the moment its frame passes. */
export type RowContext = {
	readonly self: PeerKey;
	/** `nick·fingerprint` for `key` (`you` for this node); `nick`: what the frame says. */
	readonly label: (key: PeerKey, nick: string | undefined) => string;
	/** Hops to `key` now, if it is reachable. */
	readonly hops: (key: PeerKey) => number | undefined;
};

/** What each drop reason is called on screen. */
const dropWords: Record<DropReason['kind'], string> = {
	'bad-signature': 'bad signature',
	replayed: 'replayed, or from a clock too far off',
	malformed: 'malformed',
	'refused-legacy': 'plain text, refused on a secret network',
	impersonation: 'claims an address it does not have',
	'rate-limited': 'over its share',
};

/** A tapped frame of a type this node knows (or bytes that do not decode). */
type KnownFrame = TappedFrame & {readonly frame: NativeFrame | FrameError};

function isKnown(tapped: TappedFrame): tapped is KnownFrame {
	const {frame} = tapped;
	return isFrameError(frame) || frame.type !== 'skipped';
}

export function frameRow(
	id: number,
	tapped: TappedFrame,
	context: RowContext,
): FrameRow {
	if (!isKnown(tapped)) return extensionRow(id, tapped, context);
	const {frame, peer} = tapped;
	const origin = originOf(tapped, context.self);
	const {verdict, reason} =
		tapped.direction === 'in'
			? readVerdict(tapped)
			: {
					verdict: writtenVerdict(frame, origin?.key, context.self),
					reason: undefined,
				};
	return Object.freeze({
		id,
		time: tapped.at,
		direction: tapped.direction,
		link: peer ? context.label(peer.key, peer.hello.nick) : tapped.ip,
		type: isFrameError(frame) ? 'UNREADABLE' : typeNames[frame.type],
		bytes: tapped.bytes,
		origin: origin && context.label(origin.key, origin.nick),
		hops:
			origin === undefined
				? undefined
				: origin.key === context.self
					? 0
					: context.hops(origin.key),
		signature: signatureOf(tapped),
		verdict,
		reason,
		detail: isFrameError(frame) ? '' : detailOf(frame),
	});
}

/**
 * A frame of a type from 16 up that this node does not know: an extension
 * (`docs/PROTOCOL.md` §3), skipped unread; the link stays up.
 */
function extensionRow(
	id: number,
	tapped: TappedFrame,
	context: RowContext,
): FrameRow {
	const {frame, peer} = tapped;
	const code =
		!isFrameError(frame) && frame.type === 'skipped' ? frame.code : 0;
	return Object.freeze({
		id,
		time: tapped.at,
		direction: tapped.direction,
		link: peer ? context.label(peer.key, peer.hello.nick) : tapped.ip,
		type: 'EXTENSION',
		bytes: tapped.bytes,
		origin: undefined,
		hops: undefined,
		signature: undefined,
		verdict: 'ignored',
		reason: `type ${code}, not known here: skipped`,
		detail: '',
	});
}

type Origin = {readonly key: PeerKey; readonly nick: string | undefined};

/** Who made what the frame carries (the link's ends for HELLO, ACK, SYNC). */
function originOf(tapped: KnownFrame, self: PeerKey): Origin | undefined {
	const {frame, peer} = tapped;
	if (isFrameError(frame)) return undefined;
	const line = carriedLine(frame);
	if (line) return line;
	if (tapped.direction === 'out') return {key: self, nick: undefined};
	return peer && {key: peer.key, nick: peer.hello.nick};
}

/** The signer of a line or announcement the frame carries, if it carries one. */
function carriedLine(frame: NativeFrame): Origin | undefined {
	switch (frame.type) {
		case 'chat': {
			const {author, nick} = frame.envelope;
			return {key: peerKeyOf(author), nick};
		}

		case 'announce': {
			const {origin, nick} = frame.announcement;
			return {key: peerKeyOf(origin), nick};
		}

		case 'bridged': {
			const {bridge, bridgeNick} = frame.line;
			return {key: peerKeyOf(bridge), nick: bridgeNick};
		}

		case 'synced': {
			const inner = decodeFrame(frame.frame);
			return isFrameError(inner) ||
				inner.type === 'synced' ||
				inner.type === 'skipped'
				? undefined
				: carriedLine(inner);
		}

		case 'digest': {
			return {key: peerKeyOf(frame.digest.origin), nick: undefined};
		}

		case 'hello':
		case 'ack':
		case 'sync':
		case 'tree-hello':
		case 'ihave':
		case 'graft':
		case 'prune':
		case 'features':
		case 'want': {
			return undefined;
		}
	}
}

function writtenVerdict(
	frame: NativeFrame | FrameError,
	origin: PeerKey | undefined,
	self: PeerKey,
): FrameVerdict {
	if (isFrameError(frame)) return 'sent';
	const passedOn = ['chat', 'bridged', 'announce', 'digest'].includes(
		frame.type,
	);
	return passedOn && origin !== self ? 'relayed' : 'sent';
}

function readVerdict(tapped: KnownFrame): {
	verdict: FrameVerdict;
	reason: string | undefined;
} {
	const {frame, effects, closed} = tapped;
	if (isFrameError(frame)) return {verdict: 'refused', reason: frame.error};
	if (frame.type === 'hello') {
		return closed
			? {verdict: 'refused', reason: 'the link was closed over it'}
			: {verdict: 'accepted', reason: undefined};
	}

	if (!effects) {
		return closed
			? {verdict: 'refused', reason: 'the link was closed over it'}
			: {verdict: 'ignored', reason: undefined};
	}

	const drop = effects.find((effect) => effect.type === 'dropped');
	if (drop) {
		const {reason} = drop;
		return {
			verdict: 'dropped',
			reason:
				reason.kind === 'malformed'
					? `malformed: ${reason.detail}`
					: dropWords[reason.kind],
		};
	}

	return {verdict: keptVerdict(frame, effects), reason: undefined};
}

/** A frame the core did not refuse: news, or a copy of what it has. */
function keptVerdict(
	frame: NativeFrame,
	effects: readonly CoreEffect[],
): FrameVerdict {
	const did = (type: CoreEffect['type']) =>
		effects.some((effect) => effect.type === type);
	switch (frame.type) {
		case 'chat':
		case 'bridged': {
			// An echo of a plain line shown already is still passed on: news to the mesh.
			return did('deliver') || did('send-message') ? 'new' : 'duplicate';
		}

		case 'announce':
		case 'digest': {
			// A refresh changes nothing shown, but is news: it is passed on.
			return did('peers-changed') ||
				did('send-announcement') ||
				did('send-digest')
				? 'new'
				: 'duplicate';
		}

		case 'synced': {
			return did('caught-up') ? 'new' : 'duplicate';
		}

		case 'hello':
		case 'ack':
		case 'sync':
		case 'tree-hello':
		case 'ihave':
		case 'graft':
		case 'prune':
		case 'features':
		case 'want': {
			return 'accepted';
		}
	}
}

function signatureOf(tapped: KnownFrame): FrameRow['signature'] {
	const {frame, signatures} = tapped;
	if (tapped.direction === 'out' || isFrameError(frame)) return undefined;
	if (
		!['chat', 'bridged', 'announce', 'synced', 'digest'].includes(frame.type)
	) {
		return undefined;
	}

	if (signatures.length === 0) return 'unchecked';
	return signatures.every(Boolean) ? 'valid' : 'invalid';
}
