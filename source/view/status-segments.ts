/**
 * What the status line says and which items fit: pure functions of the
 * snapshot and a width, so the status bar only has to draw the result.
 */
import type {
	AttentionView,
	ChatCounters,
	ChatSnapshot,
	HostView,
} from '../service/types.js';
import {countOnline} from '../service/peer-status.js';
import {formatAddress} from './format.js';
import {sanitizeLabel, textWidth, truncateText} from './wrap-text.js';

/** `, 5 direct` when some online peers are reached only through others. */
function linkedNote(hosts: readonly HostView[]): string {
	const reach = hosts.flatMap((host) =>
		host.kind === 'peer' ? [host.reach.kind] : [],
	);
	if (!reach.includes('relayed')) return '';
	return `, ${reach.filter((kind) => kind === 'direct').length} direct`;
}

/**
 * Inbound input the node threw away: unparsable or oversized messages and
 * connections closed for idling or to make room.
 */
export function droppedInput(counters: ChatCounters): number {
	return (
		counters.malformed +
		counters.oversized +
		counters.timedOut +
		counters.evicted +
		counters.vanished
	);
}

/** One item of the status line; lower `priority` numbers stay longest. */
export type StatusSegment = {
	readonly key: string;
	/** The item as plain text (its width decides what fits). */
	readonly text: string;
	readonly color?: string;
	readonly dim?: boolean;
	readonly priority: number;
	/** Follows the previous item directly, without a separator. */
	readonly glued?: boolean;
	/** A count of dropped or refused input. */
	readonly isCount?: boolean;
};

/** Drawn between two items that are not glued. */
export const segmentSeparator = ' · ';
// Our nick can be `maxNickLength` characters (twice as many cells if they
// are wide); the status line has other things to say.
const maxNickCells = 16;
/** A topic is a line long; the status line shows its start. */
const maxTopicCells = 40;

/**
 * Where typed lines go privately (`/query`), if anywhere: never left out,
 * or a line meant for everyone could go to one peer unnoticed (or the
 * reverse); and the topic, the first to go when room is short.
 */
function roomSegments(snapshot: ChatSnapshot): StatusSegment[] {
	const {query, topic} = snapshot;
	const segments: StatusSegment[] = [];
	if (query) {
		segments.push({
			key: 'query',
			text: `query ${truncateText(sanitizeLabel(query.nick), maxNickCells)}·${query.fingerprint}`,
			color: 'magenta',
			priority: 0,
		});
	}

	if (topic && topic.text !== '') {
		segments.push({
			key: 'topic',
			text: `topic: ${truncateText(sanitizeLabel(topic.text), maxTopicCells)}`,
			priority: 3,
		});
	}

	return segments;
}

// An away message says a word or two here; `/away` shows it whole.
const maxAwayCells = 20;

/**
 * Every item the status line would show with unlimited room, in order. With
 * `compact`, the counts of dropped and refused input become one `dropped N`.
 */
export function statusSegments(
	snapshot: ChatSnapshot,
	compact = false,
): StatusSegment[] {
	const {listening, nick, identity, network, hosts, counters, attention} =
		snapshot;
	// Native links are encrypted; legacy ones are not, and may be in use.
	const plain =
		network === 'open'
			? hosts.filter((host) => host.state === 'legacy').length
			: 0;
	const segments: StatusSegment[] = [
		{key: 'encrypted', text: 'encrypted', color: 'green', priority: 0},
	];
	if (plain > 0) {
		segments.push({
			key: 'plain',
			text: ` except ${plain} legacy`,
			color: 'yellow',
			// Without it, "encrypted" would claim more than is true.
			priority: 0,
			glued: true,
		});
	}

	segments.push(
		// In a narrow pane (no sidebar either) the peer count matters more
		// than our own name and the kind of network.
		{
			key: 'network',
			text: `${network} network`,
			color: network === 'secret' ? 'green' : undefined,
			priority: 1,
		},
		{
			key: 'me',
			text: `${truncateText(sanitizeLabel(nick), maxNickCells)}·${identity.fingerprint}`,
			color: 'cyan',
			priority: 1,
		},
		listening
			? {
					key: 'listening',
					text: `@${formatAddress(listening.host, listening.port)}`,
					priority: 2,
					glued: true,
				}
			: {key: 'listening', text: 'starting…', color: 'yellow', priority: 0},
		...awaySegment(attention.away),
		{
			key: 'peers',
			text: `peers ${countOnline(hosts, network)}/${hosts.length} online${linkedNote(hosts)}`,
			priority: 0,
		},
		...attentionSegments(attention),
	);
	const problems: Array<[key: string, count: number, label: string]> = [
		['badSignatures', counters.badSignatures, 'bad signatures'],
		['linkErrors', counters.linkErrors, 'link errors'],
		['refusedLegacy', counters.refusedLegacy, 'refused legacy'],
		['impersonations', counters.impersonations, 'spoofed'],
		['rateLimited', counters.rateLimited, 'rate limited'],
		['dropped', droppedInput(counters), 'dropped'],
		['queueDropped', counters.queueDropped, 'queue dropped'],
		['slowPeers', counters.slowPeers, 'slow peers dropped'],
	];
	const color = counters.badSignatures > 0 ? 'red' : 'yellow';
	if (compact) {
		const total = problems.reduce((sum, [, count]) => sum + count, 0);
		if (total > 0) {
			segments.push({
				key: 'dropped',
				text: `dropped ${total}`,
				color,
				priority: 1,
				isCount: true,
			});
		}
	} else {
		for (const [key, count, label] of problems) {
			if (count > 0) {
				segments.push({
					key,
					text: `${label} ${count}`,
					color: key === 'badSignatures' ? 'red' : 'yellow',
					priority: 1,
					isCount: true,
				});
			}
		}
	}

	// Gossip delivers many messages more than once, so repeats are normal;
	// a replayed message is one of them. Shown, but quietly.
	if (counters.replayed > 0) {
		segments.push({
			key: 'replayed',
			text: `duplicates ${counters.replayed}`,
			dim: true,
			priority: 3,
		});
	}

	segments.push(...roomSegments(snapshot), {
		key: 'help',
		text: '/help',
		dim: true,
		priority: 4,
	});
	return segments;
}

/** `away` or `away: lunch` while away: a reminder that lines wait as unread. */
function awaySegment(away: string | undefined): StatusSegment[] {
	if (away === undefined) return [];
	const message = truncateText(sanitizeLabel(away), maxAwayCells);
	return [
		{
			key: 'away',
			text: message === '' ? 'away' : `away: ${message}`,
			color: 'yellow',
			priority: 1,
		},
	];
}

/** `3 unread` and `1 mention`, when there are any. */
function attentionSegments(attention: AttentionView): StatusSegment[] {
	const segments: StatusSegment[] = [];
	if (attention.unread > 0) {
		segments.push({
			key: 'unread',
			text: `${attention.unread} unread`,
			priority: 1,
		});
	}

	if (attention.mentions > 0) {
		segments.push({
			key: 'mentions',
			text: `${attention.mentions} mention${attention.mentions === 1 ? '' : 's'}`,
			color: 'magenta',
			priority: 0,
		});
	}

	return segments;
}

/**
 * Leave out the least important items (the last of the lowest priority
 * first) until the rest fit in `width` cells.
 */
export function fitSegments(
	segments: readonly StatusSegment[],
	width: number,
): StatusSegment[] {
	const kept = [...segments];
	const widthOf = (list: readonly StatusSegment[]) =>
		list.reduce(
			(sum, segment, index) =>
				sum +
				textWidth(segment.text) +
				(index > 0 && segment.glued !== true ? segmentSeparator.length : 0),
			0,
		);
	while (kept.length > 1 && widthOf(kept) > width) {
		let drop = kept.length - 1;
		for (const [index, segment] of kept.entries()) {
			if (segment.priority >= (kept[drop]?.priority ?? 0)) {
				drop = index;
			}
		}

		if ((kept[drop]?.priority ?? 0) === 0) {
			break;
		}

		kept.splice(drop, 1);
	}

	return kept;
}

/** How many of the items are counts of dropped or refused input. */
export const countsIn = (segments: readonly StatusSegment[]) =>
	segments.filter((segment) => segment.isCount === true).length;
