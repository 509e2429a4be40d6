/**
 * Native dialect frames (docs/PROTOCOL.md, "Native dialect"). Each frame is
 * one secret-stream message: `version:uint8 type:uint8 body`, with the body
 * compact-encoded (deterministic, so signed bytes are reproducible). A frame
 * that is too big, has an unknown version or type, does not decode, or has
 * bytes left over is rejected with a reason; the link then closes.
 */
import c from 'compact-encoding';
import {ownedFixed32, ownedFixed64} from './owned-bytes.js';
import {ackEncoding, type AckFrame} from './ack-frames.js';
import {
	announcementEncoding,
	bridgedEncoding,
	GossipDecodeError,
} from './gossip-frames.js';
import type {Announcement, BridgedLine} from './gossip-messages.js';
import {
	digestEncoding,
	featuresEncoding,
	wantEncoding,
	type DigestFrame,
	type FeaturesFrame,
	type WantFrame,
} from './digest-frames.js';
import {
	syncedEncoding,
	syncEncoding,
	type SyncedFrame,
	type SyncFrame,
} from './sync-frames.js';
import {
	graftEncoding,
	hopsEncoding,
	ihaveEncoding,
	type TreeFrame,
} from './tree-frames.js';

export {
	digestFeature,
	readsDigests,
	type DigestFrame,
	type FeaturesFrame,
	type WantFrame,
} from './digest-frames.js';

/** The protocol version this node speaks. */
export const nativeVersion = 1;

/** Frames above this size are refused (a chat line is at most a few KiB). */
export const maxFrameBytes = 64 * 1024;

/**
 * Sent by the dialer before the handshake, and echoed by a native listener.
 * First byte `P` (not a digit or `+`), no `:` anywhere, so a legacy node logs
 * it as malformed and answers `Message received`, which marks it legacy.
 */
export const nativeOpening = new TextEncoder().encode('P2PCHAT/1\n');

/** Frame types. */
export const frameType = {
	hello: 1,
	chat: 2,
	announce: 3,
	bridged: 4,
	ack: 5,
	sync: 6,
	synced: 7,
	// Plumtree's extension frames (`tree-frames.ts`).
	'tree-hello': 20,
	ihave: 21,
	graft: 22,
	prune: 23,
	// Extensions (skipped by nodes that do not know them), §9a. Far from 16
	// so that other extensions can take the low numbers.
	features: 40,
	digest: 41,
	want: 42,
} as const;

/** CHAT and BRIDGED with a hop count in front (`tree-frames.ts`). */
const hoppedType = {chat: 24, bridged: 25} as const;

/** First frame on a link, both ways: who we are and where we listen. */
export type HelloFrame = {
	readonly type: 'hello';
	readonly nick: string;
	/** The sender's listening port, so the other side can dial it back. */
	readonly listenPort: number;
	/** HMAC proving the network secret (empty on an open network). */
	readonly proof: Uint8Array;
	/**
	 * The sender reads ACK frames and acknowledges lines (protocol 1.1).
	 * Carried in how `listenPort` is written (below), so a node that
	 * predates ACK reads the same HELLO and is never sent an ACK.
	 */
	readonly acks: boolean;
	/**
	 * The sender takes part in catch-up: SYNC and SYNCED frames (protocol
	 * 1.2, which includes ACK). Carried the same way, in the port's 9-byte form.
	 */
	readonly sync: boolean;
};

/** A chat line signed by its author. */
export type ChatEnvelope = {
	/** The author's ed25519 public key, 32 bytes. */
	readonly author: Uint8Array;
	readonly nick: string;
	/** Milliseconds since the epoch, by the author's clock. */
	readonly timestamp: number;
	/** Increases with every line of this author, across restarts. */
	readonly seq: number;
	readonly text: string;
	/** Ed25519 signature over `signedBytes(envelope)`, 64 bytes. */
	readonly signature: Uint8Array;
};

export type ChatFrame = {
	readonly type: 'chat';
	readonly envelope: ChatEnvelope;
	/**
	 * Links crossed before this one, for a peer that speaks Plumtree (then
	 * written as HOPPED-CHAT); not signed.
	 */
	readonly hops?: number;
};

/** A node's signed list of its links, relayed through the mesh. */
export type AnnounceFrame = {
	readonly type: 'announce';
	readonly announcement: Announcement;
};

/** A legacy host's line, signed by the node that bridged it in. */
export type BridgedFrame = {
	readonly type: 'bridged';
	readonly line: BridgedLine;
	/** As `ChatFrame.hops` (written as HOPPED-BRIDGED). */
	readonly hops?: number;
};

export type NativeFrame =
	| HelloFrame
	| ChatFrame
	| AnnounceFrame
	| BridgedFrame
	| AckFrame
	| SyncFrame
	| SyncedFrame
	| TreeFrame
	| FeaturesFrame
	| DigestFrame
	| WantFrame;

/** Why a frame was refused. */
export type FrameError = {readonly error: string};

/**
 * Frame types from this one up are extensions: a node that does not know
 * one skips it (the link stays up), so a newer node can add frames
 * without closing links to older ones. Types below it that a node does
 * not know still close the link (protocol 1.0 and 1.1 closed on any).
 */
export const firstExtensionType = 16;

/** An extension frame this node does not know: skipped, its body unread. */
export type SkippedFrame = {readonly type: 'skipped'; readonly code: number};

type Unsigned = Omit<ChatEnvelope, 'signature'>;

const unsignedEncoding = {
	preencode(state: c.State, m: Unsigned) {
		c.fixed32.preencode(state, m.author);
		c.string.preencode(state, m.nick);
		c.uint.preencode(state, m.timestamp);
		c.uint.preencode(state, m.seq);
		c.string.preencode(state, m.text);
	},
	encode(state: c.State, m: Unsigned) {
		c.fixed32.encode(state, m.author);
		c.string.encode(state, m.nick);
		c.uint.encode(state, m.timestamp);
		c.uint.encode(state, m.seq);
		c.string.encode(state, m.text);
	},
	decode(state: c.State): Unsigned {
		return {
			author: ownedFixed32.decode(state),
			nick: c.string.decode(state),
			timestamp: c.uint.decode(state),
			seq: c.uint.decode(state),
			text: c.string.decode(state),
		};
	},
};

/**
 * A compact-encoding `uint` written in its 5-byte form (`0xfe`, then
 * uint32 LE) or its 9-byte form (`0xff`, then uint64 LE) whatever its
 * value. A port never needs either (canonical ports take 1 or 3 bytes),
 * and every compact-encoding decoder reads them as the same number: that
 * is how a HELLO says "I speak ACK" (5 bytes) or "ACK and catch-up" (9
 * bytes) to new nodes while an older node reads an ordinary HELLO.
 */
const ackCapablePrefix = 0xfe;
const syncCapablePrefix = 0xff;

const helloEncoding = {
	preencode(state: c.State, m: HelloFrame) {
		c.string.preencode(state, m.nick);
		if (m.sync) state.end += 9;
		else if (m.acks) state.end += 5;
		else c.uint.preencode(state, m.listenPort);
		c.buffer.preencode(state, m.proof);
	},
	encode(state: c.State, m: HelloFrame) {
		c.string.encode(state, m.nick);
		if (m.sync) {
			c.uint8.encode(state, syncCapablePrefix);
			c.uint64.encode(state, m.listenPort);
		} else if (m.acks) {
			c.uint8.encode(state, ackCapablePrefix);
			c.uint32.encode(state, m.listenPort);
		} else {
			c.uint.encode(state, m.listenPort);
		}

		c.buffer.encode(state, m.proof);
	},
	decode(state: c.State): HelloFrame {
		const nick = c.string.decode(state);
		const prefix = state.buffer?.[state.start];
		return {
			type: 'hello',
			nick,
			listenPort: c.uint.decode(state),
			proof: c.buffer.decode(state),
			acks: prefix === ackCapablePrefix || prefix === syncCapablePrefix,
			sync: prefix === syncCapablePrefix,
		};
	},
};

// Domain separation: these bytes can never be mistaken for another signed thing.
const signingContext = new TextEncoder().encode('p2p-chat/chat/v1\n');

/**
 * Signed bytes already made, per envelope: a received line needs them for
 * its id and again for its signature. Envelopes are never changed once
 * made, so an object's bytes stay its bytes.
 */
const signedCache = new WeakMap<Unsigned, Uint8Array>();

/** The bytes an author signs, and whose hash is the message id. */
export function signedBytes(envelope: Unsigned): Uint8Array {
	const cached = signedCache.get(envelope);
	if (cached) return cached;
	// Encoded in place after the context: one buffer, not a body and its
	// copy (a 32 KiB line made 64 KiB here, half of it garbage at once).
	const state = c.state();
	unsignedEncoding.preencode(state, envelope);
	const bytes = new Uint8Array(signingContext.length + state.end);
	bytes.set(signingContext, 0);
	state.buffer = bytes;
	state.start = signingContext.length;
	state.end = bytes.length;
	unsignedEncoding.encode(state, envelope);
	signedCache.set(envelope, bytes);
	return bytes;
}

/**
 * `envelope` with its signature: a new object, which keeps the signed
 * bytes made for signing (its id is their hash, made next).
 */
export function withSignature(
	envelope: Unsigned,
	signature: Uint8Array,
): ChatEnvelope {
	const signed = {...envelope, signature};
	const bytes = signedCache.get(envelope);
	if (bytes) signedCache.set(signed, bytes);
	return signed;
}

/** Encode a frame for the wire. */
export function encodeFrame(frame: NativeFrame): Uint8Array {
	const state = c.state();
	const type = typeOf(frame);
	c.uint8.preencode(state, nativeVersion);
	c.uint8.preencode(state, type);
	preencodeBody(state, frame);
	state.buffer = new Uint8Array(state.end);
	c.uint8.encode(state, nativeVersion);
	c.uint8.encode(state, type);
	encodeBody(state, frame);
	return state.buffer;
}

function typeOf(frame: NativeFrame): number {
	if (
		(frame.type === 'chat' || frame.type === 'bridged') &&
		frame.hops !== undefined
	) {
		return hoppedType[frame.type];
	}

	return frameType[frame.type];
}

/** Decode one frame; never throws. */
export function decodeFrame(
	bytes: Uint8Array,
): NativeFrame | SkippedFrame | FrameError {
	if (bytes.length > maxFrameBytes) {
		return {
			error: `frame of ${bytes.length} bytes is over the ${maxFrameBytes}-byte limit`,
		};
	}

	const state = c.state(0, bytes.length, bytes);
	try {
		const version = c.uint8.decode(state);
		if (version !== nativeVersion) {
			return {error: `unknown protocol version ${version}`};
		}

		const type = c.uint8.decode(state);
		const frame = decodeBody(type, state);
		if (!frame) {
			return type >= firstExtensionType
				? {type: 'skipped', code: type}
				: {error: `unknown frame type ${type}`};
		}

		if (state.start !== state.end) {
			return {error: `${state.end - state.start} stray bytes after the frame`};
		}

		return frame;
	} catch (error) {
		if (error instanceof GossipDecodeError) {
			return {error: `frame refused: ${error.message}`};
		}

		return {
			error: `frame does not decode (${error instanceof Error ? error.message : 'unknown'})`,
		};
	}
}

export function isFrameError<T extends Record<string, unknown>>(
	value: T | FrameError,
): value is FrameError {
	return 'error' in value;
}

function preencodeBody(state: c.State, frame: NativeFrame): void {
	switch (frame.type) {
		case 'hello': {
			helloEncoding.preencode(state, frame);
			break;
		}

		case 'chat': {
			if (frame.hops !== undefined) hopsEncoding.preencode(state);
			unsignedEncoding.preencode(state, frame.envelope);
			c.fixed64.preencode(state, frame.envelope.signature);
			break;
		}

		case 'announce': {
			announcementEncoding.preencode(state, frame.announcement);
			break;
		}

		case 'bridged': {
			if (frame.hops !== undefined) hopsEncoding.preencode(state);
			bridgedEncoding.preencode(state, frame.line);
			break;
		}

		case 'ack': {
			ackEncoding.preencode(state, frame);
			break;
		}

		case 'sync': {
			syncEncoding.preencode(state, frame);
			break;
		}

		case 'synced': {
			syncedEncoding.preencode(state, frame);
			break;
		}

		case 'ihave': {
			ihaveEncoding.preencode(state, frame);
			break;
		}

		case 'graft': {
			graftEncoding.preencode(state, frame);
			break;
		}

		case 'features': {
			featuresEncoding.preencode(state, frame);
			break;
		}

		case 'digest': {
			digestEncoding.preencode(state, frame);
			break;
		}

		case 'want': {
			wantEncoding.preencode(state, frame);
			break;
		}

		case 'tree-hello':
		case 'prune': {
			break;
		}
	}
}

function encodeBody(state: c.State, frame: NativeFrame): void {
	switch (frame.type) {
		case 'hello': {
			helloEncoding.encode(state, frame);
			break;
		}

		case 'chat': {
			if (frame.hops !== undefined) hopsEncoding.encode(state, frame.hops);
			unsignedEncoding.encode(state, frame.envelope);
			c.fixed64.encode(state, frame.envelope.signature);
			break;
		}

		case 'announce': {
			announcementEncoding.encode(state, frame.announcement);
			break;
		}

		case 'bridged': {
			if (frame.hops !== undefined) hopsEncoding.encode(state, frame.hops);
			bridgedEncoding.encode(state, frame.line);
			break;
		}

		case 'ack': {
			ackEncoding.encode(state, frame);
			break;
		}

		case 'sync': {
			syncEncoding.encode(state, frame);
			break;
		}

		case 'synced': {
			syncedEncoding.encode(state, frame);
			break;
		}

		case 'ihave': {
			ihaveEncoding.encode(state, frame);
			break;
		}

		case 'graft': {
			graftEncoding.encode(state, frame);
			break;
		}

		case 'features': {
			featuresEncoding.encode(state, frame);
			break;
		}

		case 'digest': {
			digestEncoding.encode(state, frame);
			break;
		}

		case 'want': {
			wantEncoding.encode(state, frame);
			break;
		}

		case 'tree-hello':
		case 'prune': {
			break;
		}
	}
}

function decodeBody(type: number, state: c.State): NativeFrame | undefined {
	if (type === frameType.hello) {
		return helloEncoding.decode(state);
	}

	if (type === frameType.chat) {
		const unsigned = unsignedEncoding.decode(state);
		return {
			type: 'chat',
			envelope: {...unsigned, signature: ownedFixed64.decode(state)},
		};
	}

	if (type === frameType.announce) {
		return {type: 'announce', announcement: announcementEncoding.decode(state)};
	}

	if (type === frameType.bridged) {
		return {type: 'bridged', line: bridgedEncoding.decode(state)};
	}

	if (type === frameType.ack) {
		return ackEncoding.decode(state);
	}

	if (type === frameType.sync) {
		return syncEncoding.decode(state);
	}

	if (type === frameType.synced) {
		return syncedEncoding.decode(state);
	}

	if (type === frameType.features) return featuresEncoding.decode(state);
	if (type === frameType.digest) return digestEncoding.decode(state);
	if (type === frameType.want) return wantEncoding.decode(state);

	return decodeTreeBody(type, state);
}

function decodeTreeBody(type: number, state: c.State): NativeFrame | undefined {
	switch (type) {
		case frameType['tree-hello']: {
			return {type: 'tree-hello'};
		}

		case frameType.ihave: {
			return ihaveEncoding.decode(state);
		}

		case frameType.graft: {
			return graftEncoding.decode(state);
		}

		case frameType.prune: {
			return {type: 'prune'};
		}

		case hoppedType.chat: {
			const hops = hopsEncoding.decode(state);
			const unsigned = unsignedEncoding.decode(state);
			return {
				type: 'chat',
				envelope: {...unsigned, signature: ownedFixed64.decode(state)},
				hops,
			};
		}

		case hoppedType.bridged: {
			const hops = hopsEncoding.decode(state);
			return {type: 'bridged', line: bridgedEncoding.decode(state), hops};
		}

		default: {
			return undefined;
		}
	}
}
