/**
 * What the broadcaster reports, in the log: lines delivered late from an
 * outbox, outboxes that overflowed, and hosts found to speak the seed's
 * plain text.
 */
import type {Broadcaster} from '../node/broadcaster.js';
import type {ServiceHooks} from './service-hooks.js';

export function wireBroadcaster(
	broadcaster: Broadcaster,
	hooks: ServiceHooks,
): void {
	broadcaster.on('changed', () => {
		hooks.changed();
	});
	broadcaster.on('late-delivery', (host) => {
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
}
