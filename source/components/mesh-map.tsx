import {useEffect, useSyncExternalStore} from 'react';
import {Text} from 'ink';
import type {InspectorApi} from '../service/inspector-types.js';
import {meshTreeRows} from '../view/mesh-tree.js';
import {TitledPane} from './titled-pane.js';

/** Props of `MeshMapPane`. */
export type MeshMapPaneProps = {
	readonly inspector: InspectorApi;
	readonly width: number;
	readonly height: number;
};

/**
 * The mesh map (`/map`): this node's links and every peer it reaches, by
 * hops and through whom, redrawn as the mesh changes while it is open.
 */
export function MeshMapPane({inspector, width, height}: MeshMapPaneProps) {
	useEffect(() => inspector.watchMap(), [inspector]);
	const {map} = useSyncExternalStore(
		inspector.subscribe,
		inspector.getSnapshot,
	);
	const rows = map ? meshTreeRows(map) : [];
	const links = map?.peers.filter((peer) => peer.hops === 1).length ?? 0;
	const title = map
		? `Mesh: ${links} link${links === 1 ? '' : 's'}, ${map.peers.length} reachable · /map closes`
		: 'Mesh · /map closes';
	// The title takes a row; a map taller than the pane loses its far end
	// (and says so on its last row).
	const room = Math.max(0, height - 1);
	const shown = rows.length > room ? rows.slice(0, room - 1) : rows;
	return (
		<TitledPane width={width} height={height} title={title}>
			{shown.map((row, index) => (
				// eslint-disable-next-line react/no-array-index-key -- rows are positions in a tree redrawn whole
				<Text key={index} wrap="truncate-end" dimColor={row.dim}>
					{row.branch}
					<Text bold={!row.dim}>{row.label}</Text>
					{row.note === '' ? '' : `  ${row.note}`}
				</Text>
			))}
			{rows.length > shown.length ? (
				<Text dimColor>+{rows.length - shown.length} more rows</Text>
			) : undefined}
		</TitledPane>
	);
}
