import {Text} from 'ink';

/** Props of `ScrollIndicator`. */
export type ScrollIndicatorProps = {
	/** Entries that arrived since the reader scrolled back. */
	readonly newBelow: number;
	/** Cells available. */
	readonly width: number;
};

/** The one-row banner shown while the message pane is scrolled back. */
export function ScrollIndicator({newBelow, width}: ScrollIndicatorProps) {
	const parts = ['scrolled back'];
	if (newBelow > 0) {
		parts.push(`${newBelow} new below`);
	}

	parts.push('Alt-End to return');
	const label = ` ${parts.join(' · ')} `;
	const fill = Math.max(2, width - label.length);
	const left = '─'.repeat(Math.floor(fill / 2));
	const right = '─'.repeat(Math.ceil(fill / 2));
	return (
		<Text wrap="truncate-end" color="yellow">
			{left}
			{label}
			{right}
		</Text>
	);
}
