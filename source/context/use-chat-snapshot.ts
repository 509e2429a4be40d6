import {useContext} from 'react';
import type {ChatSnapshot} from '../service/types.js';
import {ChatSnapshotContext} from './chat-context.js';

/** The latest service snapshot; re-renders the caller on every change. */
export function useChatSnapshot(): ChatSnapshot {
	const snapshot = useContext(ChatSnapshotContext);
	if (snapshot === undefined) {
		throw new Error('useChatSnapshot() must be used inside <ChatProvider>');
	}

	return snapshot;
}
