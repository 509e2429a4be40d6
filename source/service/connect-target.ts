/**
 * What `/connect HOST:PORT` may dial: a well-formed address, resolved, that
 * is not this node and fits in the host table. Each refusal is a sentence
 * for the user.
 */
import {
	formatHostPort,
	isAddressError,
	parseIp,
	type Ip,
	parseHostPort,
} from '../protocol/address.js';
import {resolveHost} from '../node/resolve-host.js';
import type {Hosts} from './hosts.js';

export async function connectTarget(
	hosts: Hosts,
	address: string,
): Promise<{ip: Ip; port: number}> {
	const parsed = parseHostPort(address);
	if (isAddressError(parsed)) {
		throw new Error(parsed.error);
	}

	const resolved = await resolveHost(parsed.host);
	const ip = parseIp(resolved);
	if (ip === undefined) {
		throw new Error(
			`"${parsed.host}" resolved to "${resolved}", not an IP address`,
		);
	}

	if (hosts.isSelf(ip, parsed.port)) {
		throw new Error(`${formatHostPort(ip, parsed.port)} is this node`);
	}

	if (!hosts.hasRoomFor(ip, parsed.port)) {
		throw new Error('too many known hosts at that address or in all');
	}

	return {ip, port: parsed.port};
}
