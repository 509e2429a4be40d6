import {Box} from 'ink';
import type {ChatServiceApi} from './service/types.js';
import {ChatProvider} from './context/chat-context.js';
import {runLine} from './commands/run-command.js';
import {useTerminalSize, type TerminalSize} from './hooks/use-terminal-size.js';
import {useRepaint, type RepaintSource} from './hooks/use-repaint.js';
import {MessagePane} from './components/message-pane.js';
import {PeerSidebar} from './components/peer-sidebar.js';
import {InputBox} from './components/input-box.js';
import {StatusBar} from './components/status-bar.js';

/** Props of the root component. */
export type AppProps = {
	readonly service: ChatServiceApi;
	/** Fix the terminal size instead of reading stdout (tests). */
	readonly size?: Partial<TerminalSize>;
	/** Called instead of exiting Ink on Ctrl-C or `/quit` (tests). */
	readonly onQuit?: () => void;
	/** Asks for the whole frame again (after a suspend). */
	readonly repaint?: RepaintSource;
};

const sidebarWidth = 32;
// Below this the message pane would be too narrow to share the screen.
const sidebarMinColumns = 60;
// The bordered input box (3 rows) and the status bar (1 row).
const chromeRows = 4;

/** The whole screen: messages and peers above, input and status below. */
export default function App({service, size, onQuit, repaint}: AppProps) {
	useRepaint(repaint);
	return (
		<ChatProvider service={service} runLine={runLine} onQuit={onQuit}>
			<Layout size={size} />
		</ChatProvider>
	);
}

function Layout({size}: {readonly size?: Partial<TerminalSize>}) {
	const {columns, rows} = useTerminalSize(size);
	// One row short of the terminal: a full-height frame makes Ink clear the
	// screen on every render.
	const height = Math.max(chromeRows + 1, rows - 1);
	const mainHeight = height - chromeRows;
	const showSidebar = columns >= sidebarMinColumns;
	const paneWidth = showSidebar ? columns - sidebarWidth : columns;
	// The main row takes what the input box leaves: a long draft grows the
	// box and clips the oldest message rows instead of pushing the frame down.
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Box flexDirection="row" flexGrow={1} flexShrink={1} overflow="hidden">
				<MessagePane width={paneWidth} height={mainHeight} />
				{showSidebar ? (
					<PeerSidebar width={sidebarWidth} height={mainHeight} />
				) : undefined}
			</Box>
			<InputBox width={columns} />
			<StatusBar width={columns} />
		</Box>
	);
}
