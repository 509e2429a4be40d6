import {useContext} from 'react';
import {ChatActionsContext, type ChatActions} from './chat-context.js';

/** The stable actions object; does not re-render the caller on new messages. */
export function useChatActions(): ChatActions {
	const actions = useContext(ChatActionsContext);
	if (actions === undefined) {
		throw new Error('useChatActions() must be used inside <ChatProvider>');
	}

	return actions;
}
