/**
 * Host-and-port strings as users type them and as the host table keys them:
 * `1.2.3.4:7001`, `[::1]:7001`, `example.org:7001`. Pure parsing only;
 * name resolution happens in `node/`.
 */

/** A parsed `host:port` whose host may still be a name. */
export type HostPort = {
	readonly host: string;
	readonly port: number;
};

/** Why an address string was rejected, in words fit for an error line. */
export type AddressError = {readonly error: string};

/**
 * Parse `host:port`. IPv6 literals must be bracketed (`[::1]:7001`), since
 * their own colons would make the port ambiguous. Port 0 is refused: nothing
 * listens there.
 */
export function parseHostPort(input: string): HostPort | AddressError {
	const text = input.trim();
	const bracketed = /^\[([^\]]+)]:(.*)$/.exec(text);
	let host: string;
	let portText: string;
	if (bracketed) {
		host = bracketed[1]!;
		portText = bracketed[2]!;
	} else {
		const colon = text.lastIndexOf(':');
		if (colon === -1) {
			return {error: `"${text}" has no port (expected host:port)`};
		}

		host = text.slice(0, colon);
		portText = text.slice(colon + 1);
		if (host.includes(':')) {
			return {error: `"${text}": write IPv6 addresses as [addr]:port`};
		}
	}

	if (host.length === 0) {
		return {error: `"${text}" has no host (expected host:port)`};
	}

	const port = parsePort(portText);
	if (port === undefined || port === 0) {
		return {error: `"${portText}" is not a port from 1 to 65535`};
	}

	return {host, port};
}

export function isAddressError(
	value: HostPort | AddressError,
): value is AddressError {
	return 'error' in value;
}

/** A decimal port 0..65535, or undefined. */
export function parsePort(text: string): number | undefined {
	if (!/^\d{1,5}$/.test(text)) {
		return undefined;
	}

	const port = Number(text);
	return port <= 65_535 ? port : undefined;
}

/** The table key and display form: `ip:port`, or `[ip]:port` for IPv6. */
export function formatHostPort(host: string, port: number): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * One spelling per address, so the same host is one entry whichever way it
 * reached us: an IPv4 peer on a dual-stack socket (`::ffff:1.2.3.4`, or
 * `::ffff:102:304`) becomes `1.2.3.4`, and IPv6 is written the one way the
 * URL parser writes it (`0:0:0:0:0:0:0:1` becomes `::1`), lower-case. A zone
 * (`%eth0`) is kept: it is needed to dial a link-local address from here.
 */
export function normalizeIp(ip: string): string {
	const bare = withoutZone(ip).toLowerCase();
	const zone = ip.slice(bare.length);
	const dotted = /^:{2}f{4}:((?:\d+\.){3}\d+)$/.exec(bare);
	if (dotted) return dotted[1]!;
	if (!bare.includes(':')) return bare;
	let canonical: string;
	try {
		canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
	} catch {
		return ip.toLowerCase();
	}

	const mapped = /^:{2}f{4}:([\da-f]{1,4}):([\da-f]{1,4})$/.exec(canonical);
	if (mapped) {
		const high = Number.parseInt(mapped[1]!, 16);
		const low = Number.parseInt(mapped[2]!, 16);
		return [high, low]
			.flatMap((half) => [Math.floor(half / 256), half % 256])
			.join('.');
	}

	return canonical + zone;
}

/**
 * Whether `text` is an IP address literal in the form `normalizeIp` gives:
 * dotted IPv4, or lower-case IPv6 (no zone, no IPv4-mapped form). Addresses
 * from the wire must be literals: a name would make us look it up, and any
 * other text would reach the screen.
 */
export function isCanonicalIp(text: string): boolean {
	if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(text)) {
		return text
			.split('.')
			.every((part) => Number(part) <= 255 && String(Number(part)) === part);
	}

	if (!/^[\da-f:.]{2,45}$/.test(text) || !text.includes(':')) return false;
	// IPv4-mapped (`::ffff:…`) is written as plain IPv4, as normalizeIp does.
	if (text.startsWith('::ffff:')) return false;
	try {
		// The URL parser knows IPv6's grammar (groups, `::`, an IPv4 tail)
		// and writes the canonical form: `0:0:0:0:0:0:0:1` comes back `[::1]`.
		return new URL(`http://[${text}]/`).hostname === `[${text}]`;
	} catch {
		return false;
	}
}

/**
 * An IP address literal in its one spelling (`normalizeIp`), checked: the
 * only way to make one is `parseIp`, so text that is not an address (a name,
 * `?`, an empty string) cannot be stored, announced or sent where an address
 * belongs. It may carry an IPv6 zone (`fe80::1%eth0`) for dialing from here;
 * `shareableIp` drops it before the address goes on the wire.
 */
export type Ip = string & {readonly brand: 'Ip'};

/**
 * The `Ip` for `text`, or undefined when it is not an IP literal. The edge
 * of the program (sockets, resolved names, decoded frames) calls this once;
 * inside, addresses are `Ip` and need no checking again.
 */
export function parseIp(text: string | undefined): Ip | undefined {
	if (text === undefined) return undefined;
	const ip = normalizeIp(text);
	const zone = ip.slice(withoutZone(ip).length);
	// A zone names an interface: a few word characters after `%`, no more.
	if (zone !== '' && !/^%[\w.-]{1,32}$/.test(zone)) return undefined;
	// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the one place an Ip is made, after the check
	return isCanonicalIp(withoutZone(ip)) ? (ip as Ip) : undefined;
}

/**
 * An address as others can use it: without an IPv6 zone, which names an
 * interface of this machine only (a receiver refuses it).
 */
export function shareableIp(ip: Ip): Ip {
	// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- an Ip without its zone is still one
	return withoutZone(ip) as Ip;
}

/** Whether `ip` is a loopback address (this machine, whoever says it). */
export function isLoopback(ip: string): boolean {
	return ip === '::1' || /^127(?:\.\d+){3}$/.test(ip);
}

/**
 * An address as others can use it: without an IPv6 zone (`fe80::1%eth0`),
 * which names an interface of this machine only.
 */
export function withoutZone(ip: string): string {
	const percent = ip.indexOf('%');
	return percent === -1 ? ip : ip.slice(0, percent);
}
