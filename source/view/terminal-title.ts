/**
 * The terminal's title while the chat runs: the program and our nick, led
 * by the unread and mention counts when there are any, so a tab, a window
 * list or tmux's status line says that something waits (as irssi and
 * weechat do with their activity lists).
 */
import type {ChatSnapshot} from '../service/types.js';
import {sanitizeLabel} from './wrap-text.js';

/** `p2p-chat · alice`, `[3] p2p-chat · alice`, `[3 · 1 mention] p2p-chat · alice (away)`. */
export function terminalTitle(
	snapshot: Pick<ChatSnapshot, 'nick' | 'attention'>,
): string {
	const {unread, mentions, away} = snapshot.attention;
	const counts = [
		...(unread > 0 ? [String(unread)] : []),
		...(mentions > 0
			? [`${mentions} mention${mentions === 1 ? '' : 's'}`]
			: []),
	];
	const lead = counts.length > 0 ? `[${counts.join(' · ')}] ` : '';
	const tail = away === undefined ? '' : ' (away)';
	return `${lead}p2p-chat · ${sanitizeLabel(snapshot.nick)}${tail}`;
}
