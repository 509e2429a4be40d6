/**
 * One line waiting in a host's outbox, and the rule that its sender hears
 * about it exactly once (delivered, failed, or dropped).
 */
import type {SendResult} from './legacy-client.js';
import type {OutgoingLine, Reach} from './reach.js';

/** What the sender of a line hears about one host. */
export type Outcome = {ok: true} | {ok: false; reason: string};

/** A line in a host's outbox. */
export type Item = {
	readonly line: OutgoingLine;
	/** Legacy: how many of the line's messages have gone out already. */
	sentFrames: number;
	/** Called once: on delivery, on the first failure, or when dropped. */
	settle?: (outcome: Outcome) => void;
};

/** Report an item's outcome the first time only; later outcomes are "late". */
export function settle(item: Item | undefined, outcome: Outcome): void {
	const callback = item?.settle;
	if (item && callback) {
		item.settle = undefined;
		callback(outcome);
	}
}

/** Why an attempt failed, or undefined when it worked. */
export function failureOf(result: SendResult | Reach): string | undefined {
	if ('kind' in result)
		return result.kind === 'failed' ? result.reason : undefined;
	return result.ok ? undefined : result.reason;
}
