/**
 * Sending one of our own lines: into the mesh, which floods it over our
 * links to every native node, and the seed's way to the legacy hosts we
 * bridge for and to hosts whose dialect is not known yet (a bootstrap
 * address before its first answer).
 */
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {OutgoingLine} from '../node/reach.js';
import {reportDelivery} from './broadcast-events.js';
import type {ServiceHooks} from './service-hooks.js';
import type {DeliveryReport} from './types.js';

export async function publishLine(
	hooks: ServiceHooks,
	outgoing: OutgoingLine & {readonly envelope: ChatEnvelope},
): Promise<DeliveryReport> {
	const {envelope} = outgoing;
	hooks.runtime.handle({type: 'publish', envelope});
	// Our links took it at once; report each linked peer by its address.
	const linked = hooks.runtime.view.links.flatMap((key) =>
		hooks.table.withKey(key).slice(0, 1),
	);
	const outcomes = await hooks.broadcaster.broadcast(
		outgoing,
		(host) =>
			host.dialect === 'native' ||
			(host.dialect === 'legacy' && !hooks.bridge.serves(host)),
	);
	return reportDelivery(
		hooks,
		[
			...linked.map((host) => ({host: host.id, ok: true as const})),
			...outcomes,
		],
		outgoing.legacyFrames.length,
	);
}
