import {memo} from 'react';
import {Box, Text} from 'ink';
import type {ChatEntry} from '../service/types.js';
import {layoutEntry} from '../view/entry-layout.js';

/** Props of `MarkerRule`. */
export type MarkerRuleProps = {
	/** The marker's entry: the read marker (`withReadMarker`) or the restart marker. */
	readonly entry: ChatEntry;
	/** The words in the middle of the rule. */
	readonly words: string;
	readonly color: string;
	/** Cells per row. */
	readonly width: number;
};

/**
 * A marker in the log drawn as a rule across the pane, its words in the
 * middle: where the reader stopped reading, where this run began. It takes
 * the rows the scrollback measured for its entry (one, unless the pane is
 * very narrow), so the lines around it stay where they were computed to be.
 */
export const MarkerRule = memo(MarkerRuleView);

function MarkerRuleView({entry, words, color, width}: MarkerRuleProps) {
	const {height} = layoutEntry(entry, width);
	const label = ` ${words} `;
	const fill = Math.max(2, width - label.length);
	const left = '─'.repeat(Math.floor(fill / 2));
	const right = '─'.repeat(Math.ceil(fill / 2));
	return (
		<Box flexDirection="column" flexShrink={0} height={height}>
			<Text wrap="truncate-end" color={color}>
				{left}
				{label}
				{right}
			</Text>
		</Box>
	);
}
