import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {useChatSnapshot} from '../context/use-chat-snapshot.js';
import {
	countsIn,
	fitSegments,
	segmentSeparator,
	statusSegments,
} from '../view/status-segments.js';

/** Props of `StatusBar`. */
export type StatusBarProps = {readonly width: number};

/**
 * One row: that links are encrypted, whether the network is open or secret,
 * who we are, where we listen, how many peers are online, and anything the
 * node dropped or refused.
 */
export function StatusBar({width}: StatusBarProps) {
	const snapshot = useChatSnapshot();
	// Two cells of padding.
	const room = width - 2;
	const full = statusSegments(snapshot);
	let segments = fitSegments(full, room);
	// Rather one total of what was dropped than some of the counts missing.
	if (countsIn(segments) < countsIn(full)) {
		segments = fitSegments(statusSegments(snapshot, true), room);
	}

	const parts: ReactNode[] = [];
	for (const segment of segments) {
		if (parts.length > 0 && segment.glued !== true) {
			parts.push(
				<Text key={`${segment.key}-separator`} dimColor>
					{segmentSeparator}
				</Text>,
			);
		}

		parts.push(
			<Text key={segment.key} color={segment.color} dimColor={segment.dim}>
				{segment.text}
			</Text>,
		);
	}

	return (
		<Box width={width} height={1} flexShrink={0} paddingX={1}>
			<Text wrap="truncate-end">{parts}</Text>
		</Box>
	);
}
