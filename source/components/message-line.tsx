import {memo} from 'react';
import {Box, Text} from 'ink';
import type {ChatEntry} from '../service/types.js';
import {layoutEntry} from '../view/entry-layout.js';

type Style = {readonly sender?: string; readonly text?: string};

// Own lines stand out in cyan, notices are yellow, errors red; peers' text
// keeps the terminal's colour so long conversations stay readable.
const styles: Record<ChatEntry['kind'], Style> = {
	chat: {sender: 'magenta'},
	own: {sender: 'cyan', text: 'cyan'},
	notice: {sender: 'yellow', text: 'yellow'},
	error: {sender: 'red', text: 'red'},
};

/** Props of `MessageLine`. */
export type MessageLineProps = {
	readonly entry: ChatEntry;
	/** Cells per row. */
	readonly width: number;
	/** Show the author's key fingerprint: another key uses the same nick. */
	readonly hasFingerprint?: boolean;
};

/**
 * One log entry, drawn as the rows `layoutEntry` computed. Memoised: a new
 * message renders only its own line, never the lines already on screen.
 */
export const MessageLine = memo(MessageLineView);

function MessageLineView({
	entry,
	width,
	hasFingerprint = false,
}: MessageLineProps) {
	const layout = layoutEntry(entry, width, hasFingerprint);
	const style = styles[entry.kind];
	const {label} = layout;
	const [before, after] =
		label.marks ?? (label.brackets ? ['<', '>'] : ['', '']);
	// The same cells as `layout.sender`, in parts: the fingerprint and the
	// (plain) tag are dimmed so the nick or address stays the eye-catcher.
	const senderStyle = {bold: entry.kind !== 'notice', color: style.sender};
	const header = (
		<>
			<Text dimColor>{layout.time} </Text>
			<Text {...senderStyle}>
				{before}
				{label.name}
			</Text>
			{label.fingerprint === undefined ? undefined : (
				<Text dimColor>·{label.fingerprint}</Text>
			)}
			{after === '' ? undefined : <Text {...senderStyle}>{after}</Text>}
			{label.tag === undefined ? undefined : <Text dimColor> {label.tag}</Text>}
		</>
	);
	const indent = ' '.repeat(layout.indent);
	const [first = '', ...rest] = layout.rows;
	return (
		<Box flexDirection="column" flexShrink={0}>
			{layout.headerAlone ? (
				<>
					<Text wrap="truncate-end">{header}</Text>
					<Text wrap="truncate-end" color={style.text}>
						{indent}
						{first}
					</Text>
				</>
			) : (
				<Text wrap="truncate-end">
					{header} <Text color={style.text}>{first}</Text>
				</Text>
			)}
			{rest.map((row, index) => (
				// Rows are positions within an immutable entry: the index is the identity.
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end" color={style.text}>
					{indent}
					{row}
				</Text>
			))}
		</Box>
	);
}
