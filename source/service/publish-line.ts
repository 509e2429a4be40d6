/**
 * Sending one of our own lines: into the mesh, which floods it over our
 * links to every native node, and the seed's way to the legacy hosts we
 * bridge for and to hosts whose dialect is not known yet (a bootstrap
 * address before its first answer).
 */
import {formatHostPort} from '../protocol/address.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {OutgoingLine} from '../node/reach.js';
import type {Runtime} from '../node/runtime.js';
import {reportDelivery} from './delivery-report.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';
import type {DeliveryReport} from './types.js';

export async function publishLine(
	{report, hosts, runtime}: {report: Report; hosts: Hosts; runtime: Runtime},
	outgoing: OutgoingLine & {readonly envelope: ChatEnvelope},
): Promise<DeliveryReport> {
	const {envelope} = outgoing;
	runtime.handle({type: 'publish', envelope});
	// Our links took it at once; report each linked peer by its address.
	const linked = runtime.view.links.flatMap((key) => {
		const address = runtime.linkAddress(key);
		return address ? [formatHostPort(address.ip, address.port)] : [];
	});
	const outcomes = await hosts.broadcast(
		outgoing,
		(host) =>
			host.dialect === 'native' ||
			(host.dialect === 'legacy' && !hosts.serves(host)),
	);
	return reportDelivery(
		{report, hosts},
		[...linked.map((host) => ({host, ok: true as const})), ...outcomes],
		outgoing.legacyFrames.length,
	);
}
