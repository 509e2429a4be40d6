/**
 * Plumtree's frames (docs/PROTOCOL.md §5d). All are extension types (16
 * and up), so a peer that does not know them skips them; they are sent
 * only to a peer that said TREE-HELLO, which a node sends only to peers
 * whose HELLO says protocol 1.2 (older ones close on unknown types).
 *
 *   TREE-HELLO (20): empty body. "I speak Plumtree": the receiver may make
 *     this link lazy and send it the frames below.
 *   IHAVE (21): count:uint (1..1024), then count × (id:fixed32 hops:uint8).
 *   GRAFT (22): count:uint (0..1024), then count × id:fixed32. "Push to me
 *     eagerly, and send me these lines if you hold them" (count 0: only
 *     the first).
 *   PRUNE (23): empty body. "Stop pushing to me; announce instead."
 *   HOPPED-CHAT (24), HOPPED-BRIDGED (25): hops:uint8, then the body of a
 *     CHAT (2) or BRIDGED (4) frame. The hop count is outside the signed
 *     bytes: it only steers the tree and is never trusted further.
 */
import c from 'compact-encoding';
import type {IhaveEntry} from './broadcast-types.js';
import {GossipDecodeError} from './gossip-frames.js';
import {hexOf, keyBytes} from './peer-key.js';

/** Ids one IHAVE or GRAFT frame may carry (about 34 KiB at most). */
export const maxTreeIds = 1024;

/** Hop counts are written in one byte; larger ones are capped. */
export const maxWireHops = 255;

export type TreeHelloFrame = {readonly type: 'tree-hello'};
export type IhaveFrame = {
	readonly type: 'ihave';
	readonly entries: readonly IhaveEntry[];
};
export type GraftFrame = {
	readonly type: 'graft';
	readonly ids: readonly string[];
};
export type PruneFrame = {readonly type: 'prune'};

export type TreeFrame = TreeHelloFrame | IhaveFrame | GraftFrame | PruneFrame;

const id32 = {
	preencode(state: c.State) {
		state.end += 32;
	},
	encode(state: c.State, id: string) {
		c.fixed32.encode(state, keyBytes(id));
	},
	decode(state: c.State): string {
		return hexOf(c.fixed32.decode(state));
	},
};

/** A count read before the items: bounded, so it cannot make a decoder loop long. */
function count(state: c.State, what: string, min: number): number {
	const value = c.uint.decode(state);
	if (value < min || value > maxTreeIds) {
		throw new GossipDecodeError(
			`${what} of ${value} ids (${min} to ${maxTreeIds})`,
		);
	}

	return value;
}

export const hopsEncoding = {
	preencode(state: c.State) {
		state.end += 1;
	},
	encode(state: c.State, hops: number) {
		c.uint8.encode(state, Math.min(Math.max(0, Math.floor(hops)), maxWireHops));
	},
	decode(state: c.State): number {
		return c.uint8.decode(state);
	},
};

export const ihaveEncoding = {
	preencode(state: c.State, m: IhaveFrame) {
		c.uint.preencode(state, m.entries.length);
		state.end += m.entries.length * 33;
	},
	encode(state: c.State, m: IhaveFrame) {
		c.uint.encode(state, m.entries.length);
		for (const entry of m.entries) {
			id32.encode(state, entry.id);
			hopsEncoding.encode(state, entry.hops);
		}
	},
	decode(state: c.State): IhaveFrame {
		const entries: IhaveEntry[] = [];
		const total = count(state, 'an IHAVE', 1);
		for (let index = 0; index < total; index++) {
			entries.push({id: id32.decode(state), hops: hopsEncoding.decode(state)});
		}

		return {type: 'ihave', entries};
	},
};

export const graftEncoding = {
	preencode(state: c.State, m: GraftFrame) {
		c.uint.preencode(state, m.ids.length);
		state.end += m.ids.length * 32;
	},
	encode(state: c.State, m: GraftFrame) {
		c.uint.encode(state, m.ids.length);
		for (const id of m.ids) id32.encode(state, id);
	},
	decode(state: c.State): GraftFrame {
		const ids: string[] = [];
		const total = count(state, 'a GRAFT', 0);
		for (let index = 0; index < total; index++) ids.push(id32.decode(state));
		return {type: 'graft', ids};
	},
};
