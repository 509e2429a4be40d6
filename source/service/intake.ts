/**
 * Judging what arrives: a legacy payload is parsed; a native envelope must be
 * validly signed, well-formed and new. Each verdict says what to show or what
 * to count; the service applies it. Kept apart from the service so the rules
 * read in one place.
 */
import {
	isLegacyParseError,
	parseLegacy,
	type LegacyMessage,
} from '../protocol/legacy-codec.js';
import {toHex} from '../protocol/link-choice.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {ReplayGuard} from '../protocol/replay-guard.js';
import {messageId, verifyEnvelope} from '../node/signing.js';

/** Nicks are short labels without spaces (as `--nick` and `/nick` enforce). */
export const nickPattern = /^\S{1,32}$/;

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

export function judgeEnvelope(
	envelope: ChatEnvelope,
	replay: ReplayGuard,
): EnvelopeVerdict {
	// The signature first: nothing unsigned may even touch the replay cache.
	if (!verifyEnvelope(envelope)) {
		return {kind: 'bad-signature'};
	}

	if (!nickPattern.test(envelope.nick)) {
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
