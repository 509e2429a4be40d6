import {useEffect, useMemo, useRef} from 'react';
import {Box, Text} from 'ink';
import {useChatActions} from '../context/use-chat-actions.js';
import {useChatSnapshot} from '../context/use-chat-snapshot.js';
import {useScrollback} from '../hooks/use-scrollback.js';
import {mentionsNick} from '../service/mention.js';
import {
	isReadMarker,
	readMarkerText,
	withReadMarker,
} from '../view/read-marker.js';
import {isRestartMarker, newSinceMarker} from '../service/restart-marker.js';
import type {ChatEntry} from '../service/types.js';
import {nickKeysOf, showsFingerprint} from '../view/shared-nicks.js';
import {MessageLine} from './message-line.js';
import {MarkerRule} from './marker-rule.js';
import {ScrollIndicator} from './scroll-indicator.js';

/** Props of `MessagePane`. */
export type MessagePaneProps = {
	/** Outer width in cells. */
	readonly width: number;
	/** Rows to fill; the box itself stretches to its parent and clips. */
	readonly height: number;
};

/**
 * The message log. Only the entries that fit are rendered (Ink has no scroll
 * region); the box clips whatever a partly visible entry adds beyond it.
 */
export function MessagePane({width, height}: MessagePaneProps) {
	const snapshot = useChatSnapshot();
	const {paging, hosts, nick, identity, attention} = snapshot;
	const actions = useChatActions();
	// O(entries), once per snapshot with a marker: as the log's own copy.
	const entries = useMemo(
		() => withReadMarker(snapshot.entries, attention.marker),
		[snapshot.entries, attention.marker],
	);
	// One cell of padding on each side.
	const textWidth = Math.max(1, width - 2);
	// O(hosts), once per snapshot whose host table or identity is a new
	// object; a keystroke never renders the pane (the draft is the input box's).
	const nickKeys = useMemo(
		() => nickKeysOf({hosts, nick, identity}),
		[hosts, nick, identity],
	);
	const {visible, alignTop, scrolled, newBelow, shared} = useScrollback(
		entries,
		{
			height,
			width: textWidth,
			nickKeys,
			paging,
			onOlder: actions.pageOlder,
			onNewer: actions.pageNewer,
			onLatest: actions.dropPages,
		},
	);
	// Scrolled back, lines that come are unread; back at the newest, read.
	const wasScrolled = useRef(scrolled);
	useEffect(() => {
		if (wasScrolled.current === scrolled) return;
		wasScrolled.current = scrolled;
		actions.setFollowing(!scrolled);
	}, [scrolled, actions]);
	return (
		<Box flexDirection="column" width={width} paddingX={1} overflow="hidden">
			<Box
				flexDirection="column"
				flexGrow={1}
				flexShrink={1}
				justifyContent={alignTop ? 'flex-start' : 'flex-end'}
				overflow="hidden"
			>
				{visible.length === 0 ? (
					<Text dimColor>
						No messages yet. Type below, or /help for commands.
					</Text>
				) : (
					visible.map((entry) => {
						const rule = ruleOf(entry);
						return rule ? (
							<MarkerRule
								key={entry.id}
								entry={entry}
								words={rule.words}
								color={rule.color}
								width={textWidth}
							/>
						) : (
							<MessageLine
								key={entry.id}
								entry={entry}
								width={textWidth}
								hasFingerprint={showsFingerprint(entry, shared)}
								isMention={mentionsNick(entry, nick)}
							/>
						);
					})
				)}
			</Box>
			{scrolled ? (
				<ScrollIndicator newBelow={newBelow} width={textWidth} />
			) : undefined}
		</Box>
	);
}

/**
 * The markers drawn as a rule across the pane, not as a line: where the
 * reader stopped reading (magenta), where this run began (grey).
 */
function ruleOf(
	entry: ChatEntry,
): {readonly words: string; readonly color: string} | undefined {
	if (isReadMarker(entry)) return {words: readMarkerText, color: 'magenta'};
	if (isRestartMarker(entry)) return {words: newSinceMarker, color: 'gray'};
	return undefined;
}
