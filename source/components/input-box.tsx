import {useCallback, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import {useChatActions} from '../context/use-chat-actions.js';
import {useKeys} from '../hooks/use-keys.js';
import type {CommandInfo} from '../view/complete-line.js';
import {completionWords} from '../view/completion-words.js';
import type {LineState} from '../view/edit-line.js';
import {editorRows} from '../view/editor-rows.js';
import type {KeyEvent} from '../view/key-event.js';
import {editorKeys, newEditor, pastedLines} from '../view/line-editor.js';

/** Props of `InputBox`. */
export type InputBoxProps = {
	readonly width: number;
	/** The commands Tab completes, with their usage (`/whois NICK`). */
	readonly commands: readonly CommandInfo[];
};

const placeholder = 'Type a message, /help for commands';
const prompt = '› ';
const promptWidth = 2;
// A long draft shows at most this many rows, the ones around the cursor.
const maxDraftRows = 5;

/**
 * The bordered line editor. Its state lives here, not in a context, so a
 * keystroke re-renders this component only, however long the log is; what
 * a key does is `view/line-editor.ts`.
 */
export function InputBox({width, commands}: InputBoxProps) {
	const actions = useChatActions();
	const [editor, setEditor] = useState(() => newEditor(actions.inputHistory()));
	// The source of truth between renders: keys can arrive faster than React
	// re-renders, and each must apply to the state the previous one left.
	const editorRef = useRef(editor);
	const handleKeys = useCallback(
		(keys: readonly KeyEvent[]) => {
			const result = editorKeys(editorRef.current, keys, {
				words: () => completionWords(actions.snapshot(), commands),
			});
			if (result.state !== editorRef.current) {
				editorRef.current = result.state;
				setEditor(result.state);
			}

			for (const line of result.remembered) actions.keepInput(line);
			for (const line of result.submitted) actions.submit(line);
			if (result.quit) actions.quit();
		},
		[actions, commands],
	);
	useKeys(handleKeys);
	// Two border cells and two of padding around the prompt and the draft.
	const draftWidth = width - promptWidth - 4;
	const pasted = pastedLines(editor);

	return (
		<Box
			width={width}
			flexShrink={0}
			flexDirection="column"
			borderStyle="round"
			borderColor={pasted > 0 ? 'yellow' : 'gray'}
			paddingX={1}
		>
			{pasted > 0 ? (
				<Text wrap="truncate-end" color="yellow">
					Paste of {pasted} lines: Enter sends them, Esc cancels
				</Text>
			) : undefined}
			<Box>
				<Box flexShrink={0}>
					<Text color="cyan">{prompt}</Text>
				</Box>
				<EditorText line={editor.line} width={draftWidth} />
			</Box>
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
