/**
 * The Hyperswarm topic of a room: what the DHT is asked about, so what it
 * learns. BLAKE2b-256 over a domain-separated name (so the topic is ours
 * alone, never another app's "lobby"); on a network with a secret, keyed
 * with the secret's stretched key (`networkKey`, scrypt), so the topic of a
 * secret room says nothing of its name or secret, and guessing them from it
 * costs a scrypt per guess.
 */
import {Buffer} from 'node:buffer';
import sodium from 'sodium-native';
import {networkKey} from './signing.js';

const prefix = 'p2p-chat room v1\0';

/** The 32-byte topic of room `name` (with `secret` when the network has one). */
export function roomTopic(
	name: string,
	secret: string | undefined,
): Uint8Array {
	const topic = new Uint8Array(32);
	const input = Buffer.from(prefix + name.normalize('NFC'), 'utf8');
	if (secret === undefined) sodium.crypto_generichash(topic, input);
	else sodium.crypto_generichash(topic, input, networkKey(secret));
	return topic;
}

/** Why `name` cannot name a room, or undefined. */
export function roomNameProblem(name: string): string | undefined {
	if (name.trim() === '') return 'a room needs a name';
	if (Buffer.byteLength(name, 'utf8') > 200)
		return 'a room name is at most 200 bytes';
	// eslint-disable-next-line no-control-regex -- control characters are the point
	if (/[\u0000-\u001F\u007F]/.test(name))
		return 'a room name has no control characters';
	return undefined;
}
