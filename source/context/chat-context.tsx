/**
 * The bridge between the chat service and React. Two contexts: the state
 * (the latest immutable snapshot, which changes on every service event) and
 * the actions (stable for the life of the app), so that components which only
 * act — the input box — never re-render when a message arrives.
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
import {runLine} from '../commands/run-command.js';

/** What components may do; the object is stable while the service is. */
export type ChatActions = {
	/** Handle one typed line: a command, or a chat line to send. */
	submit(line: string): void;
	/** Leave the UI (Ctrl-C, `/quit`). */
	quit(): void;
};

export const ChatSnapshotContext = createContext<ChatSnapshot | undefined>(
	undefined,
);
export const ChatActionsContext = createContext<ChatActions | undefined>(
	undefined,
);

/** Props of `ChatProvider`. */
export type ChatProviderProps = {
	readonly service: ChatServiceApi;
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
export function ChatProvider({service, onQuit, children}: ChatProviderProps) {
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
				void runLine(line, {service, quit});
			},
		};
	}, [service, onQuit, exit]);
	return (
		<ChatActionsContext value={actions}>
			<ChatSnapshotContext value={snapshot}>{children}</ChatSnapshotContext>
		</ChatActionsContext>
	);
}
