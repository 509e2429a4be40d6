/**
 * What a node accepts from its links, in one place: a chat line or a bridged
 * legacy line must be validly signed, well-formed, from a sane clock and new
 * (`replay-guard.ts`); an announcement must be signed by the node it speaks
 * for. Each verdict says what to deliver or why it was dropped. The
 * cryptography is injected (`Verifier`), so these rules run unchanged in
 * the simulator.
 */
import {
	isLegacyParseError,
	parseLegacy,
	type LegacyMessage,
} from './legacy-codec.js';
import {peerKeyOf, type PeerKey} from './peer-key.js';
import {maxClockSkewMs, maxLineBytes} from './limits.js';
import {isValidNick, nickProblem} from './nick.js';
import type {Announcement, BridgedLine} from './gossip-messages.js';
import type {ChatEnvelope} from './native-frames.js';
import type {ReplayGuard} from './replay-guard.js';
import type {DropReason, MeshPayload, Verifier} from './core-types.js';

export type LegacyVerdict =
	| {readonly kind: 'message'; readonly message: LegacyMessage}
	| {readonly kind: 'malformed'; readonly detail: string};

export function judgeLegacy(bytes: Uint8Array): LegacyVerdict {
	const parsed = parseLegacy(bytes);
	return isLegacyParseError(parsed)
		? {kind: 'malformed', detail: parsed.detail}
		: {kind: 'message', message: parsed};
}

export type LineVerdict =
	| {
			readonly kind: 'deliver';
			readonly id: string;
			readonly author: PeerKey;
			/** The text's length in UTF-8 (what the author's share is counted in). */
			readonly bytes: number;
	  }
	/** A copy of a line already delivered: flooding brings these all the time. */
	| {readonly kind: 'copy'}
	| {readonly kind: 'drop'; readonly reason: DropReason};

const badSignature = {kind: 'drop', reason: {kind: 'bad-signature'}} as const;
const replayed = {kind: 'drop', reason: {kind: 'replayed'}} as const;

function malformed(detail: string): LineVerdict {
	return {kind: 'drop', reason: {kind: 'malformed', detail}};
}

/** What judging a line needs: the replay memory, the cryptography, the time. */
export type IntakeContext = {
	readonly replay: ReplayGuard;
	readonly verifier: Verifier;
	readonly now: number;
	/**
	 * Whether the line is held already by other means (caught up): then a
	 * live copy is a copy, whatever the replay memory says.
	 */
	readonly held?: (id: string) => boolean;
};

export function judgeChat(
	envelope: ChatEnvelope,
	context: IntakeContext,
): LineVerdict {
	return judgeSigned(chatLine(envelope, context.verifier), context);
}

/**
 * A legacy line bridged in by another node: signed by that bridge (who
 * vouches only that it received the text), new, and refused outright on a
 * secret network, where plain text is never accepted, however it travels.
 */
export function judgeBridged(
	line: BridgedLine,
	context: IntakeContext,
	secret: boolean,
): LineVerdict {
	if (secret) return {kind: 'drop', reason: {kind: 'refused-legacy'}};
	return judgeSigned(bridgedLine(line, context.verifier), context);
}

/** `id` when the caller has it already (it costs an encoding and a hash). */
function chatLine(
	envelope: ChatEnvelope,
	verifier: Verifier,
	id = verifier.chatId(envelope),
): SignedLine {
	return {
		id,
		verified: () => verifier.verifyChat(envelope),
		signer: envelope.author,
		nick: envelope.nick,
		nickWord: 'nick',
		timestamp: envelope.timestamp,
		seq: envelope.seq,
		text: envelope.text,
	};
}

function bridgedLine(
	line: BridgedLine,
	verifier: Verifier,
	id = verifier.bridgedId(line),
): SignedLine {
	return {
		id,
		verified: () => verifier.verifyBridged(line),
		signer: line.bridge,
		nick: line.bridgeNick,
		nickWord: 'bridge nick',
		timestamp: line.timestamp,
		seq: line.seq,
		text: line.text,
	};
}

/** What the rules read of a signed line, whichever kind it is. */
type SignedLine = {
	readonly id: string;
	/** Checks the signature (asked only when needed: it is the costly part). */
	readonly verified: () => boolean;
	/** The key that signed it: the author, or the bridge. */
	readonly signer: Uint8Array;
	readonly nick: string;
	/** What the nick is called in a drop's words. */
	readonly nickWord: string;
	readonly timestamp: number;
	readonly seq: number;
	readonly text: string;
};

function judgeSigned(
	line: SignedLine,
	{replay, now, held}: IntakeContext,
): LineVerdict {
	// A copy of a line already delivered: the id covers every signed field,
	// so it is that line (a bad signature on it changes nothing). Skipping
	// the check here saves most of a mesh node's verifications.
	if (replay.has(line.id) || held?.(line.id)) return {kind: 'copy'};
	// Old signed lines replayed to a node that has forgotten them land here.
	const verdict = checkSigned(
		line,
		(time) => Math.abs(time - now) <= maxClockSkewMs,
	);
	if (verdict.kind !== 'deliver') return verdict;
	return replay.admit(line.id, verdict.author, line.seq) === 'new'
		? verdict
		: replayed;
}

/**
 * What every signed line must pass, live or caught up: its signature
 * first (nothing unsigned may even touch the replay cache), a time
 * `timely` accepts, a sane sequence number, its size and its nick.
 */
function checkSigned(
	line: SignedLine,
	timely: (time: number) => boolean,
): LineVerdict {
	if (!line.verified()) return badSignature;
	if (!timely(line.timestamp)) return replayed;
	// Sequence numbers start from the author's clock: one far ahead of it
	// would sit in every node's replay floors (kept across restarts) forever.
	if (line.seq > line.timestamp + maxClockSkewMs) {
		return malformed('a sequence number far ahead of its clock');
	}

	const bytes = utf8Length(line.text);
	if (bytes > maxLineBytes) {
		return malformed(`a line over ${maxLineBytes} bytes`);
	}

	const problem = nickProblem(line.nick);
	if (problem !== undefined) {
		return malformed(`a bad ${line.nickWord} (${problem})`);
	}

	return {kind: 'deliver', id: line.id, author: peerKeyOf(line.signer), bytes};
}

/** What judging a caught-up line needs instead of the replay memory. */
export type SyncedContext = {
	readonly verifier: Verifier;
	/** Whether the line is held already (the store is the de-duplication). */
	readonly held: (id: string) => boolean;
	/** Whether a line of this time belongs in the window caught up on. */
	readonly inWindow: (time: number) => boolean;
	/** On a network with a secret, bridged plain text is refused. */
	readonly secret: boolean;
};

/**
 * A line that came by catch-up (`catch-up.ts`): old by nature, so the
 * live clock and replay rules do not apply; it is taken when its signature
 * holds, it falls inside the window and it is not held yet.
 */
export function judgeSynced(
	payload: MeshPayload,
	id: string,
	context: SyncedContext,
): LineVerdict {
	const {verifier} = context;
	let line: SignedLine;
	if (payload.kind === 'chat') {
		line = chatLine(payload.envelope, verifier, id);
	} else if (context.secret) {
		return {kind: 'drop', reason: {kind: 'refused-legacy'}};
	} else {
		line = bridgedLine(payload.line, verifier, id);
	}

	if (context.held(line.id)) return {kind: 'copy'};
	return checkSigned(line, context.inWindow);
}

/** An announcement must be signed by the node it speaks for, with a valid nick. */
export function judgeAnnouncement(
	announcement: Announcement,
	verifier: Verifier,
): DropReason | undefined {
	if (!verifier.verifyAnnouncement(announcement)) return badSignature.reason;
	return isValidNick(announcement.nick)
		? undefined
		: {kind: 'malformed', detail: 'an announcement with a bad nick'};
}

/** Any UTF-16 unit that is not ASCII. */
const beyondAscii = /[\u0080-\u{10FFFF}]/v;

/**
 * UTF-8 length of `text` without encoding it (no Buffer in this layer). A
 * lone surrogate counts 3, as the U+FFFD it is encoded as.
 */
export function utf8Length(text: string): number {
	// Every line is counted: most are ASCII (one scan by the regex engine),
	// and the rest go by index (an iterator makes a string per character).
	if (!beyondAscii.test(text)) return text.length;
	let bytes = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.codePointAt(index) ?? 0;
		if (code < 0x80) {
			bytes += 1;
		} else if (code < 0x8_00) {
			bytes += 2;
		} else if (code < 0x1_00_00) {
			bytes += 3;
		} else {
			// A surrogate pair: two units, one character.
			bytes += 4;
			index++;
		}
	}

	return bytes;
}
