import {Box, Text} from 'ink';
import type {ChatCounters} from '../service/types.js';
import {useChatSnapshot} from '../context/use-chat-snapshot.js';
import {formatAddress} from './format.js';

/**
 * Inbound input the node threw away: unparsable or oversized messages and
 * connections closed for idling or to make room.
 */
export function droppedInput(counters: ChatCounters): number {
	return (
		counters.malformed +
		counters.oversized +
		counters.timedOut +
		counters.evicted
	);
}

/** Props of `StatusBar`. */
export type StatusBarProps = {readonly width: number};

/** One row: listening address, nick, reachable peers, dropped input. */
export function StatusBar({width}: StatusBarProps) {
	const {listening, nick, hosts, counters} = useChatSnapshot();
	const reachable = hosts.filter((host) => host.status === 'reachable').length;
	const dropped = droppedInput(counters);
	const separator = <Text dimColor> · </Text>;
	return (
		<Box width={width} height={1} flexShrink={0} paddingX={1}>
			<Text wrap="truncate-end">
				{listening ? (
					<Text color="green">
						listening {formatAddress(listening.host, listening.port)}
					</Text>
				) : (
					<Text color="yellow">starting…</Text>
				)}
				{separator}
				nick <Text color="cyan">{nick}</Text>
				{separator}
				peers {reachable}/{hosts.length} reachable
				{dropped > 0 ? (
					<>
						{separator}
						<Text color="yellow">dropped {dropped}</Text>
					</>
				) : undefined}
				{counters.queueDropped > 0 ? (
					<>
						{separator}
						<Text color="yellow">queue dropped {counters.queueDropped}</Text>
					</>
				) : undefined}
				{separator}
				<Text dimColor>/help</Text>
			</Text>
		</Box>
	);
}
