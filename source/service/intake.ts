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
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {ReplayGuard} from '../protocol/replay-guard.js';
import {messageId, verifyEnvelope} from '../node/signing.js';
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
	| {readonly kind: 'malformed'; readonly detail: string};

/** How far an author's clock may be from ours (a wider gap is a replay or a broken clock). */
export const maxClockSkewMs = 10 * 60 * 1000;

export function judgeEnvelope(
	envelope: ChatEnvelope,
	replay: ReplayGuard,
	now: number,
): EnvelopeVerdict {
	// The signature first: nothing unsigned may even touch the replay cache.
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

	const id = messageId(envelope);
	const author = toHex(envelope.author);
	return replay.admit(id, author, envelope.seq) === 'new'
		? {kind: 'deliver', id, author}
		: {kind: 'replayed'};
}
