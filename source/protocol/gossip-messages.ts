/**
 * What the mesh carries besides chat envelopes (docs/PROTOCOL.md, "Mesh"):
 * announcements, in which each node states its own links, and bridged lines,
 * which carry plain text from legacy hosts into the mesh. Both are signed by
 * the node that made them and relayed unchanged, so a relay can neither forge
 * nor alter them. Encodings live in `gossip-frames.ts`.
 */

import type {Ip} from './address.js';

/** Where a host accepts connections, as some node saw it. */
export type PeerAddress = {
	readonly ip: Ip;
	readonly port: number;
};

/** One link of an announcing node: the peer's key and where that node sees it listen. */
export type AnnouncedLink = PeerAddress & {
	/** The linked peer's ed25519 public key, 32 bytes. */
	readonly key: Uint8Array;
};

/**
 * A node's signed statement of its current links. The newest version per
 * origin replaces older ones; a link counts only when both ends announce it,
 * so no node can invent edges to others. `leaving` says the node is quitting.
 */
export type Announcement = {
	/** The announcing node's public key, 32 bytes. */
	readonly origin: Uint8Array;
	/** Grows with every announcement of this origin, across restarts (clock-based). */
	readonly version: number;
	readonly nick: string;
	readonly leaving: boolean;
	/** At most `maxAnnouncedLinks`. */
	readonly links: readonly AnnouncedLink[];
	/** Legacy hosts this node knows and passes mesh messages to; at most `maxAnnouncedLegacy`. */
	readonly legacy: readonly PeerAddress[];
	/** Ed25519 signature by `origin`, 64 bytes. */
	readonly signature: Uint8Array;
};

/**
 * An announcement sent without its lists: "my announcement at `version`
 * says exactly what my announcement whose signature begins with `of` said"
 * (docs/PROTOCOL.md, DIGEST). `signature` signs that full announcement, so
 * a receiver holding the one it repeats rebuilds it and checks it like any
 * other; one that does not asks for it (WANT).
 */
export type AnnouncementDigest = {
	/** The announcing node's public key, 32 bytes. */
	readonly origin: Uint8Array;
	readonly version: number;
	/** The first `digestTagBytes` bytes of the repeated announcement's signature. */
	readonly of: Uint8Array;
	/** Ed25519 signature of the full announcement at `version`, 64 bytes. */
	readonly signature: Uint8Array;
};

/** How much of a signature names the announcement a digest repeats. */
export const digestTagBytes = 8;

/** The digest of `announcement`, which says what `base` said. */
export function digestOf(
	announcement: Announcement,
	base: Announcement,
): AnnouncementDigest {
	return {
		origin: announcement.origin,
		version: announcement.version,
		of: base.signature.subarray(0, digestTagBytes),
		signature: announcement.signature,
	};
}

/**
 * The full announcement `digest` stands for, rebuilt from `held` (what it
 * repeats); none if `held` is not the one it names. Its signature is still
 * to be checked, like any announcement's.
 */
export function expandDigest(
	digest: AnnouncementDigest,
	held: Announcement | undefined,
): Announcement | undefined {
	if (!held || held.version >= digest.version) return undefined;
	const tag = held.signature.subarray(0, digestTagBytes);
	if (!sameBytes(tag, digest.of)) return undefined;
	return {...held, version: digest.version, signature: digest.signature};
}

/** Whether two announcements of one origin say the same (all but version and signature). */
export function saysTheSame(a: Announcement, b: Announcement): boolean {
	return (
		a.nick === b.nick &&
		a.leaving === b.leaving &&
		a.links.length === b.links.length &&
		a.legacy.length === b.legacy.length &&
		a.links.every(
			(link, index) =>
				sameAddress(link, b.links[index]!) &&
				sameBytes(link.key, b.links[index]!.key),
		) &&
		a.legacy.every((host, index) => sameAddress(host, b.legacy[index]!))
	);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** A plain-text line a native node received from a legacy host, signed by that node. */
export type BridgedLine = {
	/** The bridging node's public key, 32 bytes. */
	readonly bridge: Uint8Array;
	readonly bridgeNick: string;
	/** The legacy host that sent the line (its IP and the port in its header). */
	readonly source: PeerAddress;
	/** Milliseconds since the epoch, by the bridge's clock. */
	readonly timestamp: number;
	/** Grows with every line this bridge passes on. */
	readonly seq: number;
	readonly text: string;
	/** Ed25519 signature by `bridge`, 64 bytes. */
	readonly signature: Uint8Array;
};

/** Bounds a decoder enforces, so one frame cannot make a node store much. */
export const maxAnnouncedLinks = 32;
export const maxAnnouncedLegacy = 32;

/** An announcement before its signature. */
export type UnsignedAnnouncement = Omit<Announcement, 'signature'>;

/** Whether two addresses are the same ip and port. */
export function sameAddress(a: PeerAddress, b: PeerAddress): boolean {
	return a.ip === b.ip && a.port === b.port;
}
