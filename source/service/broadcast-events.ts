/**
 * What the broadcaster reports, in the log and the counters: broadcasts
 * and their failures, lines delivered late from an outbox, outboxes that
 * overflowed, hosts found to speak the seed's plain text or to be this node.
 */
import type {Broadcaster, HostOutcome} from '../node/broadcaster.js';
import type {ServiceHooks} from './service-hooks.js';
import type {DeliveryReport} from './types.js';

export function wireBroadcaster(
	broadcaster: Broadcaster,
	hooks: ServiceHooks,
): void {
	broadcaster.on('changed', (host) => {
		if (hooks.table.get(host)?.status === 'reachable') {
			hooks.trouble.recovered(host);
		}

		hooks.changed();
	});
	broadcaster.on('late-delivery', (host) => {
		hooks.trouble.recovered(host);
		hooks.note(`Delivered a queued line to ${host}.`);
	});
	broadcaster.on('dropped', (host) => {
		hooks.count('queueDropped');
		hooks.note(`Outbox for ${host} is full: dropped its oldest line.`, 'error');
	});
}

/** A dial found `host` answering in the seed's plain text. */
export function legacyFound(hooks: ServiceHooks, host: string): void {
	const suffix =
		hooks.secret === undefined
			? ''
			: ' On this secret network it gets nothing, and what it sends is refused.';
	hooks.note(
		`${host} speaks the seed's plain-text protocol (legacy): messages to it are not encrypted or signed.${suffix}`,
	);
	// The mesh must hear of it, or every node that knows it would serve it.
	hooks.bridge.sync();
}

/** A dial reached this node itself: forget that address. */
export function selfFound(hooks: ServiceHooks, host: string): void {
	hooks.table.remove(host);
	hooks.broadcaster.forget(host);
	hooks.bridge.sync();
	hooks.note(`${host} is this node itself: removed it from the peers.`);
	hooks.changed();
}

/** Count a broadcast, log its failures, and say who took the line. */
export function reportDelivery(
	hooks: ServiceHooks,
	outcomes: readonly HostOutcome[],
	parts: number,
): DeliveryReport {
	const delivered = outcomes
		.filter((outcome) => outcome.ok)
		.map((outcome) => outcome.host);
	const failed = outcomes.flatMap((outcome) =>
		outcome.ok ? [] : [{host: outcome.host, reason: outcome.reason}],
	);
	hooks.count('sent');
	hooks.count('deliveryFailures', failed.length);
	for (const outcome of outcomes) {
		if (hooks.trouble.isNews(outcome) && !outcome.ok) {
			hooks.note(
				`Not delivered to ${outcome.host}: ${outcome.reason} (not reported again for it until it takes a line).`,
				'error',
			);
		}
	}

	return {parts, delivered, failed};
}

/**
 * Which hosts the user was told are not taking lines. A host that is down
 * would otherwise add an error under every line typed until it answers.
 */
export class DeliveryTrouble {
	readonly #told = new Set<string>();

	/** The host answered (took a line, wrote to us, linked): its next failure is news. */
	recovered(host: string): void {
		this.#told.delete(host);
	}

	/** Whether this outcome is news: a first failure since the host last took a line. */
	isNews(outcome: HostOutcome): boolean {
		if (outcome.ok) {
			this.recovered(outcome.host);
			return false;
		}

		if (this.#told.has(outcome.host)) return false;
		this.#told.add(outcome.host);
		return true;
	}
}
