import {memo} from 'react';
import {Box, Text} from 'ink';
import type {ChatEntry} from '../service/types.js';
import {layoutEntry} from '../view/entry-layout.js';
import {readMarkerText} from '../view/read-marker.js';

/** Props of `ReadMarkerLine`. */
export type ReadMarkerLineProps = {
	/** The marker entry (`withReadMarker`). */
	readonly entry: ChatEntry;
	/** Cells per row. */
	readonly width: number;
};

/**
 * The read marker as a rule across the pane, its words in the middle. It
 * takes the rows the scrollback measured for it (one, unless the pane is
 * very narrow), so the lines around it stay where they were computed to be.
 */
export const ReadMarkerLine = memo(ReadMarkerLineView);

function ReadMarkerLineView({entry, width}: ReadMarkerLineProps) {
	const {height} = layoutEntry(entry, width);
	const label = ` ${readMarkerText} `;
	const fill = Math.max(2, width - label.length);
	const left = '─'.repeat(Math.floor(fill / 2));
	const right = '─'.repeat(Math.ceil(fill / 2));
	return (
		<Box flexDirection="column" flexShrink={0} height={height}>
			<Text wrap="truncate-end" color="magenta">
				{left}
				{label}
				{right}
			</Text>
		</Box>
	);
}
