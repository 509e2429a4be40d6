/**
 * The core's handling of catch-up's two frames: a SYNC message goes to
 * `CatchUp` (which answers it, queues what we lack and serves what the
 * peer wants), and a SYNCED line is taken only if it was asked of that
 * link, then judged as caught-up lines are (`intake.ts`: signed, inside
 * the window, not held yet) before it is shown.
 */
import type {CatchUp} from './catch-up.js';
import type {
	CoreEffect,
	DropReason,
	MeshPayload,
	Verifier,
} from './core-types.js';
import {judgeSynced} from './intake.js';
import {maxClockSkewMs} from './limits.js';
import type {PeerKey} from './peer-key.js';
import type {SyncMessage} from './reconcile.js';

function dropped(
	from: PeerKey,
	frame: 'sync' | 'synced',
	reason: DropReason,
): CoreEffect[] {
	return [{type: 'dropped', from, frame, reason}];
}

export function receiveSync(
	catchUp: CatchUp | undefined,
	from: PeerKey,
	message: SyncMessage,
	now: number,
): CoreEffect[] {
	const effects = catchUp?.receive(from, message, now) ?? 'not-linked';
	if (effects === 'rate-limited') {
		return dropped(from, 'sync', {kind: 'rate-limited'});
	}

	if (effects === 'not-linked') {
		return dropped(from, 'sync', {
			kind: 'malformed',
			detail: 'a SYNC over a link that did not agree to catch-up',
		});
	}

	return effects;
}

/** What judging a SYNCED line needs besides catch-up's state. */
export type SyncedLineContext = {
	readonly verifier: Verifier;
	readonly secret: boolean;
	readonly now: number;
};

export function receiveSynced(
	catchUp: CatchUp | undefined,
	from: PeerKey,
	payload: MeshPayload,
	{verifier, secret, now}: SyncedLineContext,
): CoreEffect[] {
	const id =
		payload.kind === 'chat'
			? verifier.chatId(payload.envelope)
			: verifier.bridgedId(payload.line);
	// Only what we asked that link for: a peer cannot push lines on us.
	if (!catchUp?.take(from, id)) {
		return dropped(from, 'synced', {
			kind: 'malformed',
			detail: 'a caught-up line that was not asked for',
		});
	}

	const verdict = judgeSynced(payload, id, {
		verifier,
		secret,
		held: (line) => catchUp.set.has(line),
		inWindow: (time) =>
			catchUp.set.wouldKeep(time, now) && time <= now + maxClockSkewMs,
	});
	if (verdict.kind !== 'deliver') {
		const settled = catchUp.settle(from, undefined, now);
		return verdict.kind === 'drop'
			? [...dropped(from, 'synced', verdict.reason), ...settled]
			: settled;
	}

	const time =
		payload.kind === 'chat'
			? payload.envelope.timestamp
			: payload.line.timestamp;
	return [
		{type: 'caught-up', id, message: payload, from},
		...catchUp.settle(from, {time, id}, now),
	];
}
