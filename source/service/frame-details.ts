/**
 * What a frame holds, in a few words for the inspector's last column: a
 * line's text (cut short, nothing invisible), an announcement's links, how
 * many lines an ACK names, what a SYNC step compares or asks for.
 */
import {formatHostPort} from '../protocol/address.js';
import {withoutInvisible} from '../protocol/invisible-text.js';
import {
	decodeFrame,
	isFrameError,
	type NativeFrame,
} from '../protocol/native-frames.js';
import type {SyncMessage} from '../protocol/reconcile.js';
import {readsDigests} from '../protocol/digest-frames.js';
import {fingerprintOf, peerKeyOf} from '../protocol/peer-key.js';
import type {FrameTypeName} from './inspector-types.js';

/** Each frame type as `docs/PROTOCOL.md` §3 names it. */
export const typeNames: Record<NativeFrame['type'], FrameTypeName> = {
	hello: 'HELLO',
	chat: 'CHAT',
	announce: 'ANNOUNCE',
	bridged: 'BRIDGED',
	ack: 'ACK',
	sync: 'SYNC',
	synced: 'SYNCED',
	'tree-hello': 'TREE-HELLO',
	ihave: 'IHAVE',
	graft: 'GRAFT',
	prune: 'PRUNE',
	features: 'FEATURES',
	digest: 'DIGEST',
	want: 'WANT',
};

/** The longest a line's text is shown, in characters. */
const previewLength = 40;

/** The few words on what `frame` holds. */
export function detailOf(frame: NativeFrame): string {
	switch (frame.type) {
		case 'hello': {
			const offers = [
				frame.acks ? 'acks' : undefined,
				frame.sync ? 'catch-up' : undefined,
				frame.proof.length > 0 ? 'secret proof' : undefined,
			].filter(Boolean);
			return [`${frame.nick}, port ${frame.listenPort}`, ...offers].join(', ');
		}

		case 'chat': {
			return quote(frame.envelope.text);
		}

		case 'announce': {
			const {leaving, links, legacy} = frame.announcement;
			if (leaving) return 'goodbye';
			const legacyPart =
				legacy.length > 0 ? `, ${count(legacy.length, 'legacy host')}` : '';
			return `${count(links.length, 'link')}${legacyPart}`;
		}

		case 'bridged': {
			const {source, text} = frame.line;
			return `from ${formatHostPort(source.ip, source.port)} ${quote(text)}`;
		}

		case 'ack': {
			return count(frame.seqs.length, 'line');
		}

		case 'sync': {
			return syncDetail(frame.message);
		}

		case 'synced': {
			const inner = decodeFrame(frame.frame);
			return isFrameError(inner) ||
				inner.type === 'synced' ||
				inner.type === 'skipped'
				? ''
				: `${typeNames[inner.type]} ${detailOf(inner)}`;
		}

		case 'ihave': {
			return count(frame.entries.length, 'line');
		}

		case 'graft': {
			return frame.ids.length === 0
				? 'push to me'
				: `push to me, and ${count(frame.ids.length, 'line')}`;
		}

		case 'features': {
			return readsDigests(frame.bits) ? 'digests' : 'none known';
		}

		case 'digest': {
			return 'links unchanged';
		}

		case 'want': {
			return `announcement of ${fingerprintOf(peerKeyOf(frame.origin))}`;
		}

		case 'tree-hello':
		case 'prune': {
			return '';
		}
	}
}

/**
 * A SYNC step in words: the lines it asks for, or what its ranges hold
 * (fingerprints summing how many lines, id lists, offers; settled ranges
 * left out). Two peers in step exchange one fingerprint and stop there.
 */
function syncDetail({ranges, want}: SyncMessage): string {
	if (want.length > 0) return `asks for ${count(want.length, 'line')}`;
	let fingerprints = 0;
	let lines = 0;
	let ids = 0;
	let offered = 0;
	for (const range of ranges) {
		switch (range.mode) {
			case 'fingerprint': {
				fingerprints++;
				lines += range.fingerprint.count;

				break;
			}

			case 'ids': {
				ids += range.ids.length;

				break;
			}

			case 'offer': {
				offered += range.ids.length;

				break;
			}

			case 'skip': {
				break;
			}
		}
	}

	const parts = [
		fingerprints > 0
			? `${count(fingerprints, 'fingerprint')} of ${count(lines, 'line')}`
			: '',
		ids > 0 ? `${count(ids, 'id')} listed` : '',
		offered > 0 ? `${count(offered, 'id')} offered` : '',
	].filter(Boolean);
	return parts.length > 0 ? parts.join(', ') : 'all in step';
}

function count(amount: number, noun: string): string {
	return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

/** A line's text on one row: invisible and control characters out, cut short. */
function quote(text: string): string {
	const flat = withoutInvisible(text).replaceAll(/\p{Cc}+/gv, ' ');
	const chars = [...flat];
	const shown =
		chars.length > previewLength
			? `${chars.slice(0, previewLength - 1).join('')}…`
			: flat;
	return `"${shown}"`;
}
