/** A checked `PeerKey` from hex text, for tests (which write keys out by hand). */
import {parsePeerKey, type PeerKey} from '../../source/protocol/peer-key.js';

export function asKey(text: string): PeerKey {
	const key = parsePeerKey(text);
	if (key === undefined) throw new Error(`not a key: ${text}`);
	return key;
}
