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

/**
 * Whether `ip:port` is the node listening at `own`: same port, and the
 * address is the bound one (or any local one, for a wildcard bind).
 */
export function isOwnAddress(
	own: {readonly host: string; readonly port: number} | undefined,
	ip: string,
	port: number,
): boolean {
	if (own?.port !== port) {
		return false;
	}

	const wildcard = own.host === '0.0.0.0' || own.host === '::';
	return wildcard
		? isLocalAddress(ip)
		: normalizeIp(ip) === normalizeIp(own.host);
}
