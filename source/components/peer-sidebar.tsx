import {memo} from 'react';
import {Box, Text} from 'ink';
import type {HostStatus, HostView} from '../service/types.js';
import {useChatSnapshot} from '../context/use-chat-snapshot.js';
import {useNow} from '../hooks/use-now.js';
import {formatAgo} from './format.js';

/** Colour of each reachability status (always shown with its word too). */
export const statusColors: Record<HostStatus, string> = {
	reachable: 'green',
	unreachable: 'red',
	unknown: 'gray',
};

/** Props of `PeerSidebar`. */
export type PeerSidebarProps = {
	readonly width: number;
	readonly height: number;
};

/** The known hosts, two rows each, with a `Peers (n)` title. */
export function PeerSidebar({width, height}: PeerSidebarProps) {
	const {hosts} = useChatSnapshot();
	const now = useNow(5000);
	// Title row, then two rows per host; keep a row for "+n more" if needed.
	const room = Math.max(0, Math.floor((height - 1) / 2));
	const shown =
		hosts.length > room ? hosts.slice(0, Math.max(0, room - 1)) : hosts;
	const hidden = hosts.length - shown.length;
	return (
		<Box
			flexDirection="column"
			width={width}
			flexShrink={0}
			borderStyle="single"
			borderColor="gray"
			borderTop={false}
			borderRight={false}
			borderBottom={false}
			paddingLeft={1}
			overflow="hidden"
		>
			<Text bold wrap="truncate-end">
				Peers ({hosts.length})
			</Text>
			{hosts.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					none yet: /connect HOST:PORT
				</Text>
			) : undefined}
			{shown.map((host) => (
				<HostRow key={host.id} host={host} now={now} />
			))}
			{hidden > 0 ? <Text dimColor>+{hidden} more (/peers)</Text> : undefined}
		</Box>
	);
}

type HostRowProps = {readonly host: HostView; readonly now: number};

const HostRow = memo(HostRowView);

function HostRowView({host, now}: HostRowProps) {
	const color = statusColors[host.status];
	return (
		<Box flexDirection="column">
			<Box>
				<Text color={color}>● </Text>
				<Text wrap="truncate-middle">{host.id}</Text>
				{host.queued > 0 ? (
					<Box flexShrink={0}>
						<Text color="yellow"> {host.queued} queued</Text>
					</Box>
				) : undefined}
			</Box>
			<Text wrap="truncate-end">
				{'  '}
				<Text color={color}>{host.status}</Text>{' '}
				<Text dimColor>{formatAgo(host.lastSeen, now)}</Text>
				{host.dialect === 'legacy' ? <Text> legacy</Text> : undefined}
			</Text>
		</Box>
	);
}
