/**
 * Which addresses are this machine's own, so a node never adds itself as a
 * peer (a bootstrap that points back at us, or our own port echoed back).
 */
import os from 'node:os';
import {normalizeIp} from '../protocol/address.js';

export function isLocalAddress(ip: string): boolean {
	const address = normalizeIp(ip);
	if (
		address.startsWith('127.') ||
		address === '::1' ||
		address === '0.0.0.0' ||
		address === '::'
	) {
		return true;
	}

	return Object.values(os.networkInterfaces()).some((interfaces) =>
		(interfaces ?? []).some((entry) => normalizeIp(entry.address) === address),
	);
}
