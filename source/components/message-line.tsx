import {memo} from 'react';
import {Box, Text} from 'ink';
import type {ChatEntry} from '../service/types.js';
import {
	authorColour,
	errorColour,
	noticeColour,
	ownColour,
} from '../view/author-colour.js';
import {layoutEntry, mentionMark} from '../view/entry-layout.js';

type Style = {readonly sender?: string; readonly text?: string};

// Own lines stand out in cyan, notices are yellow, errors red; each peer's
// nick has its own colour, and peers' text keeps the terminal's colour so
// long conversations stay readable.
const styles: Record<ChatEntry['kind'], Style> = {
	chat: {},
	own: {sender: ownColour, text: ownColour},
	notice: {sender: noticeColour, text: noticeColour},
	error: {sender: errorColour, text: errorColour},
};

/** The colour of a peer's label: its key's, or a plain line's address's. */
function senderColour(entry: ChatEntry): string | undefined {
	if (entry.kind !== 'chat') return styles[entry.kind].sender;
	const {source} = entry;
	return authorColour(
		source.type === 'native' ? source.fingerprint : source.address,
	);
}

/** Props of `MessageLine`. */
export type MessageLineProps = {
	readonly entry: ChatEntry;
	/** Cells per row. */
	readonly width: number;
	/** Show the author's key fingerprint: another key uses the same nick. */
	readonly hasFingerprint?: boolean;
	/** The line mentions our nick: highlighted, and marked for the colour-blind. */
	readonly isMention?: boolean;
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
	isMention = false,
}: MessageLineProps) {
	const layout = layoutEntry(entry, width, hasFingerprint);
	const style = styles[entry.kind];
	const {label} = layout;
	const [before, after] =
		label.marks ?? (label.brackets ? ['<', '>'] : ['', '']);
	// The same cells as `layout.sender`, in parts: the fingerprint and the
	// (plain) tag are dimmed so the nick or address stays the eye-catcher.
	// A mention shows the nick in reverse and the text in bold; the mark
	// takes the place of the space after the time, so the layout (and the
	// scrollback's measure of it) is the same either way.
	const senderStyle = {
		bold: entry.kind !== 'notice',
		color: senderColour(entry),
		inverse: isMention,
	};
	const header = (
		<>
			<Text dimColor>{layout.time}</Text>
			{isMention ? <Text bold>{mentionMark}</Text> : ' '}
			{layout.mark === '' ? undefined : <Text dimColor>{layout.mark}</Text>}
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
					<Text wrap="truncate-end" color={style.text} bold={isMention}>
						{indent}
						{first}
					</Text>
				</>
			) : (
				<Text wrap="truncate-end">
					{header}{' '}
					<Text color={style.text} bold={isMention}>
						{first}
					</Text>
				</Text>
			)}
			{rest.map((row, index) => (
				// Rows are positions within an immutable entry: the index is the identity.
				<Text
					// eslint-disable-next-line react/no-array-index-key
					key={index}
					wrap="truncate-end"
					color={style.text}
					bold={isMention}
				>
					{indent}
					{row}
				</Text>
			))}
		</Box>
	);
}
