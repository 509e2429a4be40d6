/**
 * Encodings of the mesh frames (docs/PROTOCOL.md §9): ANNOUNCE (type 3) and
 * BRIDGED (type 4), compact-encoded like the other native frames, and the
 * bytes their authors sign. Decoding checks every count and length before
 * it allocates, so a hostile frame costs at most its own size.
 */
import c from 'compact-encoding';
import {ownedFixed32, ownedFixed64} from './owned-bytes.js';
import {isCanonicalIp, parseIp, type Ip} from './address.js';
import {
	maxAnnouncedLegacy,
	maxAnnouncedLinks,
	type Announcement,
	type AnnouncedLink,
	type BridgedLine,
	type PeerAddress,
	type UnsignedAnnouncement,
} from './gossip-messages.js';

/** The longest textual IP address (IPv6 with an embedded IPv4 tail). */
const maxIpLength = 45;

type UnsignedBridged = Omit<BridgedLine, 'signature'>;

/** Thrown inside a decoder; `decodeFrame` turns it into a frame error. */
export class GossipDecodeError extends Error {
	override name = 'GossipDecodeError';
}

function decodeIp(state: c.State): Ip {
	const ip = c.string.decode(state);
	if (ip.length === 0 || ip.length > maxIpLength) {
		throw new GossipDecodeError(`an address of ${ip.length} characters`);
	}

	// Canonical and without a zone: as we send them, so one address has one spelling.
	const parsed = isCanonicalIp(ip) ? parseIp(ip) : undefined;
	if (parsed === undefined) {
		throw new GossipDecodeError('an address that is not an IP literal');
	}

	return parsed;
}

function decodePort(state: c.State): number {
	const port = c.uint.decode(state);
	if (port === 0 || port > 65_535) {
		throw new GossipDecodeError(`port ${port}`);
	}

	return port;
}

function decodeCount(state: c.State, limit: number, what: string): number {
	const count = c.uint.decode(state);
	if (count > limit) {
		throw new GossipDecodeError(`${count} ${what}, over the limit of ${limit}`);
	}

	return count;
}

const address = {
	preencode(state: c.State, m: PeerAddress) {
		c.string.preencode(state, m.ip);
		c.uint.preencode(state, m.port);
	},
	encode(state: c.State, m: PeerAddress) {
		c.string.encode(state, m.ip);
		c.uint.encode(state, m.port);
	},
	decode(state: c.State): PeerAddress {
		return {ip: decodeIp(state), port: decodePort(state)};
	},
};

const link = {
	preencode(state: c.State, m: AnnouncedLink) {
		c.fixed32.preencode(state, m.key);
		address.preencode(state, m);
	},
	encode(state: c.State, m: AnnouncedLink) {
		c.fixed32.encode(state, m.key);
		address.encode(state, m);
	},
	decode(state: c.State): AnnouncedLink {
		const key = ownedFixed32.decode(state);
		return {key, ...address.decode(state)};
	},
};

const unsignedAnnouncement = {
	preencode(state: c.State, m: UnsignedAnnouncement) {
		c.fixed32.preencode(state, m.origin);
		c.uint.preencode(state, m.version);
		c.string.preencode(state, m.nick);
		c.uint8.preencode(state, m.leaving ? 1 : 0);
		c.uint.preencode(state, m.links.length);
		for (const item of m.links) link.preencode(state, item);
		c.uint.preencode(state, m.legacy.length);
		for (const item of m.legacy) address.preencode(state, item);
	},
	encode(state: c.State, m: UnsignedAnnouncement) {
		c.fixed32.encode(state, m.origin);
		c.uint.encode(state, m.version);
		c.string.encode(state, m.nick);
		c.uint8.encode(state, m.leaving ? 1 : 0);
		c.uint.encode(state, m.links.length);
		for (const item of m.links) link.encode(state, item);
		c.uint.encode(state, m.legacy.length);
		for (const item of m.legacy) address.encode(state, item);
	},
	decode(state: c.State): UnsignedAnnouncement {
		const origin = ownedFixed32.decode(state);
		const version = c.uint.decode(state);
		const nick = c.string.decode(state);
		const flag = c.uint8.decode(state);
		if (flag > 1) throw new GossipDecodeError(`leaving flag ${flag}`);
		const links: AnnouncedLink[] = [];
		const linkCount = decodeCount(state, maxAnnouncedLinks, 'links');
		for (let index = 0; index < linkCount; index++) {
			links.push(link.decode(state));
		}

		const legacy: PeerAddress[] = [];
		const legacyCount = decodeCount(state, maxAnnouncedLegacy, 'legacy hosts');
		for (let index = 0; index < legacyCount; index++) {
			legacy.push(address.decode(state));
		}

		return {origin, version, nick, leaving: flag === 1, links, legacy};
	},
};

const unsignedBridged = {
	preencode(state: c.State, m: UnsignedBridged) {
		c.fixed32.preencode(state, m.bridge);
		c.string.preencode(state, m.bridgeNick);
		address.preencode(state, m.source);
		c.uint.preencode(state, m.timestamp);
		c.uint.preencode(state, m.seq);
		c.string.preencode(state, m.text);
	},
	encode(state: c.State, m: UnsignedBridged) {
		c.fixed32.encode(state, m.bridge);
		c.string.encode(state, m.bridgeNick);
		address.encode(state, m.source);
		c.uint.encode(state, m.timestamp);
		c.uint.encode(state, m.seq);
		c.string.encode(state, m.text);
	},
	decode(state: c.State): UnsignedBridged {
		return {
			bridge: ownedFixed32.decode(state),
			bridgeNick: c.string.decode(state),
			source: address.decode(state),
			timestamp: c.uint.decode(state),
			seq: c.uint.decode(state),
			text: c.string.decode(state),
		};
	},
};

/** An ANNOUNCE body: the unsigned fields, then the signature. */
export const announcementEncoding = {
	preencode(state: c.State, m: Announcement) {
		unsignedAnnouncement.preencode(state, m);
		c.fixed64.preencode(state, m.signature);
	},
	encode(state: c.State, m: Announcement) {
		unsignedAnnouncement.encode(state, m);
		c.fixed64.encode(state, m.signature);
	},
	decode(state: c.State): Announcement {
		const unsigned = unsignedAnnouncement.decode(state);
		return {...unsigned, signature: ownedFixed64.decode(state)};
	},
};

/** A BRIDGED body: the unsigned fields, then the signature. */
export const bridgedEncoding = {
	preencode(state: c.State, m: BridgedLine) {
		unsignedBridged.preencode(state, m);
		c.fixed64.preencode(state, m.signature);
	},
	encode(state: c.State, m: BridgedLine) {
		unsignedBridged.encode(state, m);
		c.fixed64.encode(state, m.signature);
	},
	decode(state: c.State): BridgedLine {
		const unsigned = unsignedBridged.decode(state);
		return {...unsigned, signature: ownedFixed64.decode(state)};
	},
};

// Domain separation: a signature over one kind can never pass for another.
const announceContext = new TextEncoder().encode('p2p-chat/announce/v1\n');
const bridgedContext = new TextEncoder().encode('p2p-chat/bridged/v1\n');

function withContext(context: Uint8Array, body: Uint8Array): Uint8Array {
	const bytes = new Uint8Array(context.length + body.length);
	bytes.set(context, 0);
	bytes.set(body, context.length);
	return bytes;
}

/** The bytes an announcement's origin signs. */
export function announcementSignedBytes(m: UnsignedAnnouncement): Uint8Array {
	return withContext(announceContext, c.encode(unsignedAnnouncement, m));
}

/** The bytes a bridge signs; their hash is the bridged line's id. */
export function bridgedSignedBytes(m: UnsignedBridged): Uint8Array {
	return withContext(bridgedContext, c.encode(unsignedBridged, m));
}
