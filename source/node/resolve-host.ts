/**
 * Host names to addresses, with a deadline: `--bootstrap peer.lan:7001` and
 * `/connect` accept names, but a slow resolver must not hang start-up.
 */
import {lookup} from 'node:dns/promises';
import net from 'node:net';
import {errorCode} from './error-info.js';

export async function resolveHost(
	host: string,
	timeoutMs = 5000,
): Promise<string> {
	if (net.isIP(host) !== 0) {
		return host;
	}

	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new Error(`could not resolve "${host}" within ${timeoutMs} ms`));
		}, timeoutMs);
	});
	try {
		const result = await Promise.race([lookup(host), deadline]);
		return result.address;
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
			throw new Error(`unknown host "${host}"`, {cause: error});
		}

		throw error;
	} finally {
		clearTimeout(timer);
	}
}
