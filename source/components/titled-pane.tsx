import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {titleRule} from '../view/panes.js';

type TitledPaneProps = {
	readonly width: number;
	readonly height: number;
	/** Drawn as a rule across the pane's first row. */
	readonly title: string;
	readonly children: ReactNode;
};

/** A pane below the chat (the inspector, the map): a title rule, then rows cut to fit. */
export function TitledPane({width, height, title, children}: TitledPaneProps) {
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			paddingX={1}
			flexShrink={0}
			overflow="hidden"
		>
			<Text wrap="truncate-end" color="cyan">
				{titleRule(title, width - 2)}
			</Text>
			{children}
		</Box>
	);
}
