/**
 * How a host enters the table from anywhere (bootstrap, /connect, a legacy
 * message): within the table's limits, announced once, and dialed at once
 * unless it is already known to be legacy, so the sidebar shows how it
 * answers before anyone types.
 */
import {formatHostPort, type Ip} from '../protocol/address.js';
import type {HostRecord} from '../protocol/host-table.js';
import type {ServiceHooks} from './service-hooks.js';

export function learnHost(
	hooks: ServiceHooks,
	{address: ip, port}: {readonly address: Ip; readonly port: number},
	origin: HostRecord['origin'],
	dialect?: 'legacy',
): {id: string; added: boolean} {
	if (!hooks.table.hasRoomFor(ip, port)) {
		// Full (see HostTable.hasRoomFor): the line is still shown, the host not kept.
		return {id: formatHostPort(ip, port), added: false};
	}

	const {record, added} = hooks.table.learn(ip, port, origin, hooks.now());
	if (added) {
		if (dialect) hooks.table.heardFrom(record.id, hooks.now());
		const label =
			origin === 'bootstrap' ? 'Bootstrap host' : 'New host discovered';
		hooks.note(`${label}: ${record.id}`);
		hooks.hostAdded(record.id);
		hooks.changed();
		if (!dialect && origin !== 'connect')
			void hooks.broadcaster.kick(record.id);
	}

	return {id: record.id, added};
}
