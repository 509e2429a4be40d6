/**
 * Judging what arrives: a legacy payload is parsed; a native envelope must be
 * validly signed, well-formed and new. Each verdict says what to show or what
 * to count; the service applies it. Kept apart from the service so the rules
 * read in one place.
 */
import {Buffer} from 'node:buffer';
import {
	isLegacyParseError,
	parseLegacy,
	type LegacyMessage,
} from '../protocol/legacy-codec.js';
import {toHex} from '../protocol/link-choice.js';
import {isValidNick} from '../protocol/nick.js';
import type {Announcement, BridgedLine} from '../protocol/gossip-messages.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {ReplayGuard} from '../protocol/replay-guard.js';
import {
	bridgedId,
	messageId,
	verifyAnnouncement,
	verifyBridged,
	verifyEnvelope,
} from '../node/signing.js';
import {maxLineBytes} from './options.js';

export type LegacyVerdict =
	| {readonly kind: 'message'; readonly message: LegacyMessage}
	| {readonly kind: 'malformed'; readonly detail: string};

export function judgeLegacy(bytes: Uint8Array): LegacyVerdict {
	const parsed = parseLegacy(bytes);
	return isLegacyParseError(parsed)
		? {kind: 'malformed', detail: parsed.detail}
		: {kind: 'message', message: parsed};
}

export type EnvelopeVerdict =
	| {readonly kind: 'deliver'; readonly id: string; readonly author: string}
	| {readonly kind: 'bad-signature'}
	| {readonly kind: 'replayed'}
	/** A copy of a line already delivered: flooding brings these all the time. */
	| {readonly kind: 'copy'}
	| {readonly kind: 'malformed'; readonly detail: string};

/** How far an author's clock may be from ours (a wider gap is a replay or a broken clock). */
export const maxClockSkewMs = 10 * 60 * 1000;

export function judgeEnvelope(
	envelope: ChatEnvelope,
	replay: ReplayGuard,
	now: number,
): EnvelopeVerdict {
	const id = messageId(envelope);
	// A copy of a line already delivered: the id covers every signed field,
	// so it is that line (a bad signature on it changes nothing). Skipping
	// the check here saves most of a mesh node's verifications.
	if (replay.has(id)) return {kind: 'copy'};
	// The signature before anything else: nothing unsigned may even touch the replay cache.
	if (!verifyEnvelope(envelope)) {
		return {kind: 'bad-signature'};
	}

	if (Math.abs(envelope.timestamp - now) > maxClockSkewMs) {
		// Old signed lines replayed to a node that has forgotten them land here.
		return {kind: 'replayed'};
	}

	if (Buffer.byteLength(envelope.text) > maxLineBytes) {
		return {kind: 'malformed', detail: `a line over ${maxLineBytes} bytes`};
	}

	if (!isValidNick(envelope.nick)) {
		return {
			kind: 'malformed',
			detail: 'a nick with spaces or over 32 characters',
		};
	}

	const author = toHex(envelope.author);
	return replay.admit(id, author, envelope.seq) === 'new'
		? {kind: 'deliver', id, author}
		: {kind: 'replayed'};
}

/**
 * A legacy line bridged in by another node: signed by that bridge (who vouches
 * only that it received the text), new, and refused outright on a secret
 * network, where plain text is never accepted, however it travels.
 */
export function judgeBridged(
	line: BridgedLine,
	replay: ReplayGuard,
	now: number,
	secret: string | undefined,
): EnvelopeVerdict | {readonly kind: 'refused'} {
	if (secret !== undefined) return {kind: 'refused'};
	const id = bridgedId(line);
	if (replay.has(id)) return {kind: 'copy'};
	if (!verifyBridged(line)) return {kind: 'bad-signature'};
	if (Math.abs(line.timestamp - now) > maxClockSkewMs) {
		return {kind: 'replayed'};
	}

	if (Buffer.byteLength(line.text) > maxLineBytes) {
		return {kind: 'malformed', detail: `a line over ${maxLineBytes} bytes`};
	}

	if (!isValidNick(line.bridgeNick)) {
		return {
			kind: 'malformed',
			detail: 'a bridge nick with spaces or over 32 characters',
		};
	}

	const bridge = toHex(line.bridge);
	return replay.admit(id, bridge, line.seq) === 'new'
		? {kind: 'deliver', id, author: bridge}
		: {kind: 'replayed'};
}

/** An announcement must be signed by the node it speaks for, with a valid nick. */
export function judgeAnnouncement(
	announcement: Announcement,
): 'ok' | 'bad-signature' | 'malformed' {
	if (!verifyAnnouncement(announcement)) return 'bad-signature';
	return isValidNick(announcement.nick) ? 'ok' : 'malformed';
}
