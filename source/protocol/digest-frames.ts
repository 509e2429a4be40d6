/**
 * Encodings of the frames that let a refresh travel without its lists
 * (docs/PROTOCOL.md §9a): FEATURES (what else a peer reads), DIGEST (an
 * announcement that repeats the one before, sent as a reference to it and
 * its new signature) and WANT (send me the full announcement of this
 * origin). All three are extensions (types 16 and up), so a node that
 * predates them skips them; they are sent only to peers that said they
 * read them. Like the other decoders, these check sizes before use.
 */
import c from 'compact-encoding';
import {ownedFixed32, ownedFixed64} from './owned-bytes.js';
import {digestTagBytes, type AnnouncementDigest} from './gossip-messages.js';

/** FEATURES bit 0: the sender reads DIGEST and WANT, and answers WANT. */
export const digestFeature = 1;

/** Whether a FEATURES bit set has bit 0 (digests): it is odd. */
export function readsDigests(bits: number): boolean {
	return bits % 2 === 1;
}

/** "I read these extensions": a bit set; unknown bits are ignored. */
export type FeaturesFrame = {readonly type: 'features'; readonly bits: number};

/** An announcement that repeats the one before, without its lists. */
export type DigestFrame = {
	readonly type: 'digest';
	readonly digest: AnnouncementDigest;
};

/** "Send me the newest full announcement you hold of `origin`." */
export type WantFrame = {readonly type: 'want'; readonly origin: Uint8Array};

const tag = c.fixed(digestTagBytes);

export const featuresEncoding = {
	preencode(state: c.State, m: FeaturesFrame) {
		c.uint.preencode(state, m.bits);
	},
	encode(state: c.State, m: FeaturesFrame) {
		c.uint.encode(state, m.bits);
	},
	decode(state: c.State): FeaturesFrame {
		return {type: 'features', bits: c.uint.decode(state)};
	},
};

export const digestEncoding = {
	preencode(state: c.State, m: DigestFrame) {
		c.fixed32.preencode(state, m.digest.origin);
		c.uint.preencode(state, m.digest.version);
		tag.preencode(state, m.digest.of);
		c.fixed64.preencode(state, m.digest.signature);
	},
	encode(state: c.State, m: DigestFrame) {
		c.fixed32.encode(state, m.digest.origin);
		c.uint.encode(state, m.digest.version);
		tag.encode(state, m.digest.of);
		c.fixed64.encode(state, m.digest.signature);
	},
	decode(state: c.State): DigestFrame {
		return {
			type: 'digest',
			digest: {
				origin: ownedFixed32.decode(state),
				version: c.uint.decode(state),
				of: tag.decode(state),
				signature: ownedFixed64.decode(state),
			},
		};
	},
};

export const wantEncoding = {
	preencode(state: c.State, m: WantFrame) {
		c.fixed32.preencode(state, m.origin);
	},
	encode(state: c.State, m: WantFrame) {
		c.fixed32.encode(state, m.origin);
	},
	decode(state: c.State): WantFrame {
		return {type: 'want', origin: ownedFixed32.decode(state)};
	},
};
