import {parseIp, type Ip} from '../../source/protocol/address.js';

/** An `Ip` for a literal written in a test; throws on a typo. */
export function asIp(text: string): Ip {
	const parsed = parseIp(text);
	if (parsed === undefined) throw new Error(`not an IP literal: ${text}`);
	return parsed;
}
