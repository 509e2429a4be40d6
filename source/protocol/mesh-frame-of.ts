/**
 * What a frame from the wire is to the core: once a link's peer has said
 * HELLO, each frame it sends becomes a `MeshFrame` (a line, an
 * announcement, a tree control, acks, a step of catch-up), is skipped (an
 * extension this node does not know), or breaks the protocol and closes
 * the link. Pure: the link (`node/native-link.ts`) does the I/O.
 */
import type {MeshFrame} from './core-types.js';
import {readsDigests} from './digest-frames.js';
import {
	decodeFrame,
	isFrameError,
	type HelloFrame,
	type NativeFrame,
	type SkippedFrame,
} from './native-frames.js';

/** What becomes of one frame after the HELLO. */
export type FrameMeaning =
	| {readonly kind: 'deliver'; readonly frame: MeshFrame}
	| {readonly kind: 'skip'}
	| {readonly kind: 'violation'; readonly text: string};

const skip: FrameMeaning = {kind: 'skip'};

/**
 * The meaning of `frame`; `tree`: whether both ends speak Plumtree (ours
 * says TREE-HELLO only to a peer whose HELLO says it syncs), without which
 * a TREE-HELLO is skipped, or one end would send tree frames the other drops.
 */
export function meshFrameOf(
	frame: Exclude<NativeFrame, HelloFrame> | SkippedFrame,
	tree: boolean,
): FrameMeaning {
	switch (frame.type) {
		case 'chat': {
			return deliver({
				kind: 'chat',
				envelope: frame.envelope,
				hops: frame.hops,
			});
		}

		case 'announce': {
			return deliver({kind: 'announce', announcement: frame.announcement});
		}

		case 'bridged': {
			return deliver({kind: 'bridged', line: frame.line, hops: frame.hops});
		}

		case 'tree-hello': {
			return tree ? deliver({kind: 'tree-hello'}) : skip;
		}

		case 'ihave': {
			return deliver({
				kind: 'tree',
				control: {kind: 'ihave', entries: frame.entries},
			});
		}

		case 'graft': {
			return deliver({kind: 'tree', control: {kind: 'graft', ids: frame.ids}});
		}

		case 'prune': {
			return deliver({kind: 'tree', control: {kind: 'prune'}});
		}

		case 'ack': {
			return deliver({kind: 'ack', seqs: frame.seqs});
		}

		// An extension this node does not know (docs/PROTOCOL.md §3).
		case 'skipped': {
			return skip;
		}

		case 'features': {
			return deliver({kind: 'features', digests: readsDigests(frame.bits)});
		}

		case 'digest': {
			return deliver({kind: 'digest', digest: frame.digest});
		}

		case 'want': {
			return deliver({kind: 'want', origin: frame.origin});
		}

		case 'sync': {
			return deliver({kind: 'sync', message: frame.message});
		}

		case 'synced': {
			return syncedLine(frame.frame);
		}
	}
}

/** A SYNCED frame carries one encoded CHAT or BRIDGED frame, nothing else. */
function syncedLine(bytes: Uint8Array): FrameMeaning {
	const line = decodeFrame(bytes);
	if (isFrameError(line) || (line.type !== 'chat' && line.type !== 'bridged')) {
		return {kind: 'violation', text: 'a SYNCED frame that holds no line'};
	}

	return deliver({
		kind: 'synced',
		payload:
			line.type === 'chat'
				? {kind: 'chat', envelope: line.envelope}
				: {kind: 'bridged', line: line.line},
	});
}

function deliver(frame: MeshFrame): FrameMeaning {
	return {kind: 'deliver', frame};
}
