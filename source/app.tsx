import {useCallback} from 'react';
import {Box} from 'ink';
import type {ChatServiceApi} from './service/types.js';
import {ChatProvider, type LineRunner} from './context/chat-context.js';
import {usePanes} from './context/use-panes.js';
import {runLine} from './commands/run-command.js';
import {commandTable} from './commands/command-table.js';
import {useTerminalSize, type TerminalSize} from './hooks/use-terminal-size.js';
import {useRepaint, type RepaintSource} from './hooks/use-repaint.js';
import {useSuspendKey} from './hooks/use-suspend-key.js';
import {MessagePane} from './components/message-pane.js';
import {PeerSidebar} from './components/peer-sidebar.js';
import {InputBox} from './components/input-box.js';
import {StatusBar} from './components/status-bar.js';
import {InspectorPane} from './components/inspector-pane.js';
import {MeshMapPane} from './components/mesh-map.js';
import {paneHeights, type Panes} from './view/panes.js';

/** Props of the root component. */
export type AppProps = {
	readonly service: ChatServiceApi;
	/** Fix the terminal size instead of reading stdout (tests). */
	readonly size?: Partial<TerminalSize>;
	/** Called instead of exiting Ink on Ctrl-C or `/quit` (tests). */
	readonly onQuit?: () => void;
	/** Asks for the whole frame again (after a suspend). */
	readonly repaint?: RepaintSource;
	/** Suspend the chat (Ctrl-Z), as SIGTSTP does; none in tests. */
	readonly suspend?: () => void;
};

const sidebarWidth = 32;
// Below this the message pane would be too narrow to share the screen.
const sidebarMinColumns = 60;
// The bordered input box (3 rows) and the status bar (1 row).
const chromeRows = 4;

/** The whole screen: messages and peers above, input and status below. */
export default function App({
	service,
	size,
	onQuit,
	repaint,
	suspend,
}: AppProps) {
	useRepaint(repaint);
	useSuspendKey(suspend);
	const [panes, paneControl] = usePanes();
	// Commands open and close the panes (`/inspect`, `/map`) through this.
	const run = useCallback<LineRunner>(
		async (line, target) => runLine(line, {...target, panes: paneControl}),
		[paneControl],
	);
	return (
		<ChatProvider service={service} runLine={run} onQuit={onQuit}>
			<Layout size={size} panes={panes} service={service} />
		</ChatProvider>
	);
}

function Layout({
	size,
	panes,
	service,
}: {
	readonly size?: Partial<TerminalSize>;
	readonly panes: Panes;
	readonly service: ChatServiceApi;
}) {
	const {columns, rows} = useTerminalSize(size);
	// One row short of the terminal: a full-height frame makes Ink clear the
	// screen on every render.
	const height = Math.max(chromeRows + 1, rows - 1);
	const heights = paneHeights(height - chromeRows, panes);
	const mainHeight = heights.chat;
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
			{panes.inspect === undefined ? undefined : (
				<InspectorPane
					inspector={service.inspector}
					filter={panes.inspect}
					width={columns}
					height={heights.inspector}
				/>
			)}
			{panes.map ? (
				<MeshMapPane
					inspector={service.inspector}
					width={columns}
					height={heights.map}
				/>
			) : undefined}
			<InputBox width={columns} commands={commandTable} />
			<StatusBar width={columns} />
		</Box>
	);
}
