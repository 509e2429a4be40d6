import {memo} from 'react';
import {Box, Text} from 'ink';
import type {ChatSnapshot, HostView} from '../service/types.js';
import {useChatSnapshot} from '../context/use-chat-snapshot.js';
import {useNow} from '../hooks/use-now.js';
import {countOnline, isSecretRefused} from '../service/peer-status.js';
import {
	routeLabel,
	stateColors,
	stateDetail,
	timeLabel,
} from '../view/peer-state.js';
import {sanitizeLabel} from '../view/wrap-text.js';
import {nextClockChange} from '../view/next-change.js';
import {foldedLine, sidebarRows} from '../view/sidebar-rows.js';
import {authorColour} from '../view/author-colour.js';

/** Props of `PeerSidebar`. */
export type PeerSidebarProps = {
	readonly width: number;
	readonly height: number;
};

/**
 * The known hosts with their state, under a `Peers (online/known online)`
 * title: online first, peers long gone folded into one line.
 */
export function PeerSidebar({width, height}: PeerSidebarProps) {
	const {hosts, network} = useChatSnapshot();
	const now = useNow((at) => nextClockChange(hosts, at));
	const rows = sidebarRows(hosts, {rows: height - 1, now, network});
	const folded = foldedLine(rows);
	// Under the title there may be no row left at all (a very short pane):
	// a line drawn there anyway would overlap the title.
	const roomBelowTitle = height >= 2;
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
				Peers ({countOnline(hosts, network)}/{hosts.length} online)
			</Text>
			{hosts.length === 0 && roomBelowTitle ? (
				<Text dimColor wrap="truncate-end">
					none yet: /connect HOST:PORT
				</Text>
			) : undefined}
			{rows.shown.map((host) => (
				<HostRow key={host.id} host={host} now={now} network={network} />
			))}
			{folded !== undefined && roomBelowTitle ? (
				<Text dimColor wrap="truncate-end">
					{folded}
				</Text>
			) : undefined}
		</Box>
	);
}

type HostRowProps = {
	readonly host: HostView;
	readonly now: number;
	readonly network: ChatSnapshot['network'];
};

const HostRow = memo(HostRowView);

/**
 * What the state row says after the state and route: `rejoining`, and when
 * the host was last heard from. The row is narrow: while a peer is being
 * rejoined, "rejoining" says enough, and once it refuses the link, why
 * (`stateDetail`) says more than either.
 */
function stateExtras(
	host: HostView,
	now: number,
): {rejoining: boolean; time: string | undefined} {
	if (isSecretRefused(host)) {
		return {rejoining: false, time: undefined};
	}

	const rejoining = host.kind === 'peer' && host.rejoining === true;
	return {
		rejoining,
		time:
			rejoining && host.state === 'connecting'
				? undefined
				: timeLabel(host, now),
	};
}

function HostRowView({host, now, network}: HostRowProps) {
	const color = stateColors[host.state];
	const detail = stateDetail(host, network);
	const route = routeLabel(host);
	const {rejoining, time} = stateExtras(host, now);
	const queued = host.kind === 'peer' ? 0 : host.queued;
	return (
		<Box flexDirection="column">
			<Box>
				<Box flexShrink={0}>
					<Text color={color}>● </Text>
				</Box>
				{host.kind === 'peer' && host.nick === '' ? (
					// Rejoining: no nick until it says one; the one it had
					// before the restart, if stored, said to be that.
					<Text wrap="truncate-end">
						<Text bold>{host.fingerprint}</Text>
						{host.formerNick === undefined ? undefined : (
							<Text dimColor> (was {sanitizeLabel(host.formerNick)})</Text>
						)}
					</Text>
				) : host.kind === 'peer' ? (
					<>
						<Text
							bold
							wrap="truncate-end"
							color={authorColour(host.fingerprint)}
						>
							{sanitizeLabel(host.nick)}
						</Text>
						<Box flexShrink={0}>
							<Text dimColor>·{host.fingerprint}</Text>
						</Box>
					</>
				) : (
					<Text wrap="truncate-middle">{host.id}</Text>
				)}
				{queued > 0 ? (
					<Box flexShrink={0}>
						<Text color="yellow"> {queued} queued</Text>
					</Box>
				) : undefined}
			</Box>
			{host.kind === 'peer' ? (
				<Text dimColor wrap="truncate-middle">
					{'  '}
					{host.address ?? 'address unknown'}
				</Text>
			) : undefined}
			<Text wrap="truncate-end">
				{'  '}
				<Text color={color}>{host.state}</Text>
				{route === undefined ? undefined : (
					<Text color={route.startsWith('direct') ? 'cyan' : 'blue'}>
						{' '}
						· {route}
					</Text>
				)}
				{rejoining ? <Text dimColor> · rejoining</Text> : undefined}
				{detail === undefined ? undefined : (
					<Text color="red"> · {detail}</Text>
				)}
				{time === undefined ? undefined : (
					<Text dimColor>
						{host.kind === 'peer' && host.left ? ' · ' : ' '}
						{time}
					</Text>
				)}
			</Text>
		</Box>
	);
}
