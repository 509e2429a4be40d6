/**
 * Why a native link closed: a code, which is what code decides on (count a
 * slow peer, say nothing of a peer that simply went away or of a link to
 * ourselves), and the words the user reads, which may change freely.
 */

/**
 * - `slow-peer`: the peer did not read what we sent fast enough.
 * - `peer-gone`: its end closed or reset with no protocol error.
 * - `self`: the address answered with our own key.
 * - `stopped`: this node is stopping.
 * - `timeout`: no handshake and HELLO within the deadline.
 * - `oversized`: a frame over the size limit.
 * - `protocol`: a frame that does not decode, or comes out of order.
 * - `secret`: the network secrets differ (one end has none, or they are
 *   not the same): told once per address, as it stays so until a restart.
 * - `hello`: a HELLO that fails the other checks (port, nick).
 * - `limit`: an inbound link refused because the node has its maximum.
 * - `evicted`: an inbound link still in its handshake, closed to make room
 *   for a newer one (the unfinished never hold slots others need).
 * - `error`: the stream failed (including a peer gone silent).
 */
export type CloseCode =
	| 'slow-peer'
	| 'peer-gone'
	| 'self'
	| 'stopped'
	| 'timeout'
	| 'oversized'
	| 'protocol'
	| 'secret'
	| 'hello'
	| 'limit'
	| 'evicted'
	| 'error';

/** A coded close reason; `text` is shown as is (`Link to bob·1a2b3c4d closed: <text>.`). */
export type CloseReason = {readonly code: CloseCode; readonly text: string};

/** Why a link to a peer that does not read fast enough is closed. */
export const slowPeerReason: CloseReason = Object.freeze({
	code: 'slow-peer',
	text: 'peer too slow: its send buffer is full',
});

/**
 * The peer's end went away (closed or reset) with no protocol error. Before
 * the handshake that is a dial given up (often one that waited on this node
 * while it was frozen), not bad input.
 */
export const peerGoneReason: CloseReason = Object.freeze({
	code: 'peer-gone',
	text: 'connection closed',
});

/** The link's peer turned out to be this node. */
export const selfReason: CloseReason = Object.freeze({
	code: 'self',
	text: 'that address is this node',
});

/** An unfinished inbound link closed to make room (`NativeLinks.accept`). */
export const evictedReason: CloseReason = Object.freeze({
	code: 'evicted',
	text: 'closed unfinished to make room for a newer connection',
});

/** This node is stopping and the link did not finish in time. */
export const stoppedReason: CloseReason = Object.freeze({
	code: 'stopped',
	text: 'node stopped',
});
