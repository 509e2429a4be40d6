import {useCallback, useRef, useState} from 'react';
import {Box, Text, useInput, type Key} from 'ink';
import {useChatActions} from '../context/use-chat-actions.js';
import {editLine, emptyLine, type LineState} from '../view/edit-line.js';
import {editorRows} from '../view/editor-rows.js';

/** Props of `InputBox`. */
export type InputBoxProps = {readonly width: number};

const placeholder = 'Type a message, /help for commands';
const prompt = '› ';
const promptWidth = 2;
// A long draft shows at most this many rows, the ones around the cursor.
const maxDraftRows = 5;

/**
 * The bordered line editor. Its text lives here, not in a context, so a
 * keystroke re-renders this component only, however long the log is.
 */
export function InputBox({width}: InputBoxProps) {
	const {submit, quit} = useChatActions();
	const [line, setLine] = useState<LineState>(emptyLine);
	// The source of truth between renders: keys can arrive faster than React
	// re-renders, and each must apply to the text the previous one left.
	const lineRef = useRef(line);
	// Stable, so Ink never re-subscribes it between two keys.
	const handleKey = useCallback(
		(input: string, key: Key) => {
			if (key.ctrl && input === 'c') {
				quit();
				return;
			}

			const {state, submitted} = editLine(lineRef.current, input, key);
			if (state !== lineRef.current) {
				lineRef.current = state;
				setLine(state);
			}

			for (const text of submitted) {
				submit(text);
			}
		},
		[quit, submit],
	);
	useInput(handleKey);
	// Two border cells and two of padding around the prompt and the draft.
	const draftWidth = width - promptWidth - 4;

	return (
		<Box
			width={width}
			flexShrink={0}
			borderStyle="round"
			borderColor="gray"
			paddingX={1}
		>
			<Box flexShrink={0}>
				<Text color="cyan">{prompt}</Text>
			</Box>
			<EditorText line={line} width={draftWidth} />
		</Box>
	);
}

type EditorTextProps = {
	readonly line: LineState;
	readonly width: number;
};

/** The draft with an inverse-video cursor (Ink hides the real one). */
function EditorText({line, width}: EditorTextProps) {
	if (line.value === '') {
		return (
			<Text wrap="truncate-end">
				<Text inverse>{placeholder[0]}</Text>
				<Text dimColor>{placeholder.slice(1)}</Text>
			</Text>
		);
	}

	const rows = editorRows(line.value, line.cursor, width, maxDraftRows);
	return (
		<Box flexDirection="column">
			{rows.map((row, index) => (
				// Rows are positions in the draft: the index is the identity.
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">
					{row.cursor === undefined
						? row.text
						: withCursor(row.text, row.cursor)}
				</Text>
			))}
		</Box>
	);
}

function withCursor(text: string, at: number) {
	const char = String.fromCodePoint(text.codePointAt(at) ?? 0x20);
	return (
		<>
			{text.slice(0, at)}
			<Text inverse>{char}</Text>
			{text.slice(at + (at < text.length ? char.length : 0))}
		</>
	);
}
