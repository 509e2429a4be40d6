/**
 * The bridge between the chat service and React. Two contexts: the state
 * (the latest immutable snapshot, which changes on every service event) and
 * the actions (stable for the life of the app), so that components which only
 * act — the input box — never re-render when a message arrives.
 *
 * What a typed line means (commands or chat) is not decided here: the app
 * passes the command runner in, so this layer knows only the service.
 */
import {
	createContext,
	useEffect,
	useMemo,
	useState,
	type ReactNode,
} from 'react';
import {useApp} from 'ink';
import type {ChatServiceApi, ChatSnapshot} from '../service/types.js';

/** What components may do; the object is stable while the service is. */
export type ChatActions = {
	/** Handle one typed line: a command, or a chat line to send. */
	submit(line: string): void;
	/** Leave the UI (Ctrl-C, `/quit`). */
	quit(): void;
	/** Read older stored lines above the first entry (the reader nears it). */
	pageOlder(): void;
	/** Read the stored lines left out below the paged ones. */
	pageNewer(): void;
	/** The reader is back at the newest: the paged lines may go. */
	dropPages(): void;
	/** The reader scrolled back (`false`) or returned to the newest (`true`). */
	setFollowing(following: boolean): void;
	/**
	 * The latest snapshot, read once (Tab reads the nicks to complete):
	 * unlike the snapshot context, it does not re-render the caller.
	 */
	snapshot(): ChatSnapshot;
	/** Lines typed before in this profile, oldest first (Up recalls them). */
	inputHistory(): readonly string[];
	/** Keep a typed line for Up, across restarts. */
	keepInput(line: string): void;
};

export const ChatSnapshotContext = createContext<ChatSnapshot | undefined>(
	undefined,
);
export const ChatActionsContext = createContext<ChatActions | undefined>(
	undefined,
);

/** Where a typed line is carried out, and what it may act on. */
export type LineTarget = {
	readonly service: ChatServiceApi;
	readonly quit: () => void;
};

/** Carries out one typed line; never rejects (failures become notices). */
export type LineRunner = (line: string, target: LineTarget) => Promise<void>;

/** Props of `ChatProvider`. */
export type ChatProviderProps = {
	readonly service: ChatServiceApi;
	/** What `submit` does with a line: the slash-command runner. */
	readonly runLine: LineRunner;
	/** Called instead of exiting the Ink app (tests). */
	readonly onQuit?: () => void;
	readonly children?: ReactNode;
};

/** Follow the service's snapshot: subscribe to `change`, unsubscribe on cleanup. */
function useServiceSnapshot(service: ChatServiceApi): ChatSnapshot {
	const [snapshot, setSnapshot] = useState(() => service.getSnapshot());
	useEffect(() => {
		let active = true;
		let pending = false;
		// A burst of synchronous events (a gossip batch, `/peers` output) becomes
		// one render instead of one per event.
		const onChange = () => {
			if (pending) {
				return;
			}

			pending = true;
			queueMicrotask(() => {
				pending = false;
				if (active) {
					setSnapshot(service.getSnapshot());
				}
			});
		};

		service.on('change', onChange);
		// Catch up with whatever changed between the first render and now.
		onChange();
		return () => {
			active = false;
			service.off('change', onChange);
		};
	}, [service]);
	return snapshot;
}

/** Provides the snapshot and the actions to everything below it. */
export function ChatProvider({
	service,
	runLine,
	onQuit,
	children,
}: ChatProviderProps) {
	const snapshot = useServiceSnapshot(service);
	const {exit} = useApp();
	const actions = useMemo<ChatActions>(() => {
		const quit =
			onQuit ??
			(() => {
				exit();
			});
		return {
			quit,
			submit(line) {
				// Whoever types has seen what is on screen.
				service.markRead();
				void runLine(line, {service, quit});
			},
			pageOlder() {
				service.pageOlder();
			},
			pageNewer() {
				service.pageNewer();
			},
			dropPages() {
				service.dropPages();
			},
			setFollowing(following) {
				service.setFollowing(following);
			},
			snapshot() {
				return service.getSnapshot();
			},
			inputHistory() {
				return service.inputHistory();
			},
			keepInput(line) {
				service.keepInput(line);
			},
		};
	}, [service, runLine, onQuit, exit]);
	return (
		<ChatActionsContext value={actions}>
			<ChatSnapshotContext value={snapshot}>{children}</ChatSnapshotContext>
		</ChatActionsContext>
	);
}
