import {useEffect, useMemo, useSyncExternalStore} from 'react';
import {Text} from 'ink';
import type {FrameRow, InspectorApi} from '../service/inspector-types.js';
import {frameHeading, frameLine} from '../view/frame-columns.js';
import {newestMatching} from '../view/frame-filter.js';
import {TitledPane} from './titled-pane.js';

/** Props of `InspectorPane`. */
export type InspectorPaneProps = {
	readonly inspector: InspectorApi;
	/** Words the frames shown must match (`''`: all). */
	readonly filter: string;
	readonly width: number;
	readonly height: number;
};

/** Colours by verdict: news stands out, copies fade, refusals warn. */
const verdictColors: Partial<Record<FrameRow['verdict'], string>> = {
	new: 'green',
	dropped: 'red',
	refused: 'red',
	relayed: 'yellow',
};

/**
 * The protocol inspector (`/inspect`): the newest frames this node wrote
 * and read, one row each, as they pass. The node records frames only while
 * this pane is open: it watches on mount and stops on unmount.
 */
export function InspectorPane({
	inspector,
	filter,
	width,
	height,
}: InspectorPaneProps) {
	useEffect(() => inspector.watchFrames(), [inspector]);
	const {frames, seen} = useSyncExternalStore(
		inspector.subscribe,
		inspector.getSnapshot,
	);
	// The title and the heading take a row each.
	const room = Math.max(0, height - 2);
	const shown = useMemo(
		() => newestMatching(frames, filter, room),
		[frames, filter, room],
	);
	const what = filter === '' ? 'every frame' : `frames matching "${filter}"`;
	const title = `Frames: ${what}, ${shown.length} shown of ${seen} · /inspect closes`;
	return (
		<TitledPane width={width} height={height} title={title}>
			<Text dimColor wrap="truncate-end">
				{frameHeading}
			</Text>
			{shown.map((row) => (
				<Text
					key={row.id}
					wrap="truncate-end"
					color={verdictColors[row.verdict]}
					dimColor={row.verdict === 'duplicate'}
				>
					{frameLine(row)}
				</Text>
			))}
		</TitledPane>
	);
}
