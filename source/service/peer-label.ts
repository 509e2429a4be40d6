import {fingerprintOf} from '../protocol/peer-key.js';
import type {LinkPeer} from '../node/native-link.js';

/** `nick·fingerprint` of the peer behind a link, as the UI writes it. */
export function peerLabel(peer: LinkPeer): string {
	return `${peer.hello.nick}·${fingerprintOf(peer.key)}`;
}
