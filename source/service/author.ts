/**
 * This node as the author of messages: its nick, its signing key and its
 * sequence numbers. Turns a typed line into what goes on the wire in both
 * dialects.
 */
import {encodeLegacy} from '../protocol/legacy-codec.js';
import {fingerprintOf, toHex} from '../protocol/link-choice.js';
import type {KeyPair} from '../node/identity.js';
import type {OutgoingLine} from '../node/reach.js';
import {Signer} from '../node/signing.js';

export class Author {
	nick: string;
	readonly publicKey: string;
	readonly fingerprint: string;
	/** The same frozen object in every snapshot (it never changes). */
	readonly identity: {readonly publicKey: string; readonly fingerprint: string};
	readonly #signer: Signer;
	#seq = 0;

	constructor(keyPair: KeyPair, nick: string) {
		this.nick = nick;
		this.#signer = new Signer(keyPair);
		this.publicKey = toHex(keyPair.publicKey);
		this.fingerprint = fingerprintOf(this.publicKey);
		this.identity = Object.freeze({
			publicKey: this.publicKey,
			fingerprint: this.fingerprint,
		});
	}

	/** Sign `text` and encode it for legacy hosts, who are told `listenPort`. */
	compose(text: string, now: number, listenPort: number): OutgoingLine {
		// Sequence numbers must grow across restarts, so they start from the clock.
		this.#seq = Math.max(this.#seq + 1, now);
		const envelope = this.#signer.sign({
			nick: this.nick,
			timestamp: now,
			seq: this.#seq,
			text,
		});
		return {envelope, legacyFrames: encodeLegacy(listenPort, text)};
	}
}
