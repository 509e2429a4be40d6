/**
 * This node as the author of messages: its nick, its signing key and its
 * sequence numbers. Turns a typed line into what goes on the wire in both
 * dialects.
 */
import type {
	Announcement,
	BridgedLine,
	PeerAddress,
	UnsignedAnnouncement,
} from '../protocol/gossip-messages.js';
import {shareableIp} from '../protocol/address.js';
import {encodeLegacy} from '../protocol/legacy-codec.js';
import {nickProblem} from '../protocol/nick.js';
import {fingerprintOf, peerKeyOf, type PeerKey} from '../protocol/peer-key.js';
import type {KeyPair} from '../node/identity.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {OutgoingLine} from '../node/reach.js';
import {PrivateBox} from '../node/private-box.js';
import {Signer} from '../node/signing.js';

/**
 * A line as the seed's plain text carries it: `text`, every part after
 * `prefix` (`* nick ` for an action).
 */
export type PlainForm = {readonly text: string; readonly prefix?: string};

export class Author {
	readonly publicKey: PeerKey;
	readonly fingerprint: string;
	/** The same frozen object in every snapshot (it never changes). */
	readonly identity: {readonly publicKey: string; readonly fingerprint: string};
	/** Makes and opens the boxes of private lines with this identity. */
	readonly box: PrivateBox;
	readonly #signer: Signer;
	#nick: string;
	#seq = 0;

	/** Throws for a nick peers would refuse in a HELLO: the node would never link. */
	constructor(keyPair: KeyPair, nick: string) {
		this.#nick = checkedNick(nick);
		this.#signer = new Signer(keyPair);
		this.box = new PrivateBox(keyPair);
		this.publicKey = peerKeyOf(keyPair.publicKey);
		this.fingerprint = fingerprintOf(this.publicKey);
		this.identity = Object.freeze({
			publicKey: this.publicKey,
			fingerprint: this.fingerprint,
		});
	}

	get nick(): string {
		return this.#nick;
	}

	/** Our nick from now on; throws for one peers would refuse. */
	set nick(nick: string) {
		this.#nick = checkedNick(nick);
	}

	/**
	 * Sign `text`. Its form for legacy hosts, who are told `listenPort`, is
	 * as `plain` says (none: a line legacy hosts never get), and is made
	 * only if one of them gets the line.
	 */
	compose(
		text: string,
		now: number,
		listenPort: number,
		plain: PlainForm | undefined,
	): OutgoingLine & {readonly envelope: ChatEnvelope} {
		// Sequence numbers must grow across restarts, so they start from the clock.
		this.#seq = Math.max(this.#seq + 1, now);
		const envelope = this.#signer.sign({
			nick: this.nick,
			timestamp: now,
			seq: this.#seq,
			text,
		});
		let legacyFrames: readonly Uint8Array[] | undefined;
		return {
			envelope,
			plain: plain !== undefined,
			get legacyFrames() {
				legacyFrames ??= plain
					? encodeLegacy(listenPort, plain.text, plain.prefix)
					: [];
				return legacyFrames;
			},
		};
	}

	/** Sign a line received from the legacy host at `source`, to pass it into the mesh. */
	bridge(source: PeerAddress, text: string, now: number): BridgedLine {
		this.#seq = Math.max(this.#seq + 1, now);
		return this.#signer.signBridged({
			bridgeNick: this.nick,
			source: shareable(source),
			timestamp: now,
			seq: this.#seq,
			text,
		});
	}

	/** Sign this node's announcement of its links (the mesh calls this). */
	announce(unsigned: UnsignedAnnouncement): Announcement {
		const {origin, ...rest} = unsigned;
		return this.#signer.signAnnouncement({
			...rest,
			links: rest.links.map((link) => shareable(link)),
			legacy: rest.legacy.map((address) => shareable(address)),
		});
	}
}

/**
 * An address as it may go on the wire: an IPv6 zone (`fe80::1%eth0`) means
 * something only here, and a receiver refuses it.
 */
function shareable<T extends PeerAddress>(address: T): T {
	return {...address, ip: shareableIp(address.ip)};
}

/** `nick`, if peers take it in a HELLO; else an error that says why not. */
function checkedNick(nick: string): string {
	const problem = nickProblem(nick);
	if (problem !== undefined) throw new Error(`Not a nick: ${problem}.`);
	return nick;
}
