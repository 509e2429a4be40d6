/**
 * The mesh map (`/map`) as a tree of text rows: this node at the root, its
 * links below it, and every peer further out under the neighbour one hop
 * nearer that passes its lines on (the first, by label, when there are
 * several; the others are named as `also via`). Peers it knows but cannot
 * reach now come last. Pure, so the pane only draws the rows.
 */
import type {MapPeer, MeshMap} from '../service/inspector-types.js';
import {sanitizeLabel} from './wrap-text.js';

/** One row: the tree's branches, a peer, and what to say of it. */
export type TreeRow = {
	readonly branch: string;
	readonly label: string;
	readonly note: string;
	/** Not a peer reachable now (the list of unreachable ones). */
	readonly dim?: boolean;
};

export function meshTreeRows(map: MeshMap): TreeRow[] {
	const byKey = new Map(map.peers.map((peer) => [peer.key, peer]));
	const labelOf = (key: string) => byKey.get(key)?.label ?? key.slice(0, 8);
	const children = new Map<string | undefined, MapPeer[]>();
	for (const peer of map.peers) {
		// Under its first way in; the root for our links (and, should the
		// map ever name none, for a peer whose way in is unknown).
		const parent = peer.via
			.toSorted((a, b) => labelOf(a).localeCompare(labelOf(b), 'en'))
			.find((key) => byKey.has(key));
		const siblings = children.get(parent) ?? [];
		siblings.push(peer);
		children.set(parent, siblings);
	}

	const rows: TreeRow[] = [
		{branch: '', label: sanitizeLabel(map.self), note: 'this node'},
	];
	const visit = (parent: string | undefined, indent: string) => {
		const list = children.get(parent) ?? [];
		for (const [index, peer] of list.entries()) {
			const last = index === list.length - 1;
			rows.push({
				branch: `${indent}${last ? '└─ ' : '├─ '}`,
				label: sanitizeLabel(peer.label),
				note: noteOf(peer, parent, labelOf),
			});
			visit(peer.key, `${indent}${last ? '   ' : '│  '}`);
		}
	};

	visit(undefined, '');
	if (map.unreachable.length > 0) {
		rows.push({
			branch: '',
			label: 'not reachable now:',
			note: map.unreachable.map((label) => sanitizeLabel(label)).join(', '),
			dim: true,
		});
	}

	return rows;
}

function noteOf(
	peer: MapPeer,
	parent: string | undefined,
	labelOf: (key: string) => string,
): string {
	if (peer.hops === 1) {
		if (!peer.link) return 'link';
		const who = peer.link.direction === 'dialed' ? 'we dialed' : 'it dialed';
		return `link (${who}), listens at ${sanitizeLabel(peer.link.address)}`;
	}

	const others = peer.via
		.filter((key) => key !== parent)
		.map((key) => labelOf(key));
	const through =
		parent === undefined ? 'way in unknown' : `via ${labelOf(parent)}`;
	const also = others.length > 0 ? `, also via ${others.join(', ')}` : '';
	return `${peer.hops} hops, ${sanitizeLabel(through)}${sanitizeLabel(also)}`;
}
