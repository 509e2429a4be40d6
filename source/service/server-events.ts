/**
 * What the TCP server reports, turned into log lines and counters: legacy
 * messages (shown and bridged into the mesh, or refused on a secret
 * network), native sockets (handed to the links), and every kind of bad
 * input (dropped and counted).
 */
import {formatHostPort, type Ip} from '../protocol/address.js';
import {judgeLegacy} from '../protocol/intake.js';
import {fingerprintOf} from '../protocol/peer-key.js';
import type {InboundServer} from '../node/inbound-server.js';
import type {NativeLinks} from '../node/native-links.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';

/** What handling the server's events takes. */
export type ServerDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
	/** On a network with a secret, plain text is refused. */
	readonly secret: boolean;
};

export function wireServer(
	server: InboundServer,
	links: NativeLinks,
	deps: ServerDeps,
): void {
	const {report} = deps;
	server.on('payload', (ip, bytes) => {
		receiveLegacy(deps, ip, bytes);
	});
	server.on('native', (socket, ip, leftover) => {
		links.accept(socket, ip, leftover);
	});
	server.on('foreign', (ip, firstByte) => {
		report.count('malformed');
		const hex = firstByte.toString(16).padStart(2, '0');
		report.remoteError(
			ip,
			`Dropped a connection from ${ip}: neither protocol (first byte 0x${hex}).`,
		);
	});
	server.on('oversized', (ip, bytes) => {
		report.count('oversized');
		report.remoteError(
			ip,
			`Cut a message from ${ip} to its first 4096 bytes, as the seed does (${bytes}+ received).`,
		);
	});
	server.on('timeout', () => {
		report.count('timedOut');
	});
	server.on('evicted', () => {
		report.count('evicted');
	});
	server.on('vanished', () => {
		report.count('vanished');
	});
}

function receiveLegacy(deps: ServerDeps, ip: Ip, bytes: Uint8Array): void {
	const {report, hosts} = deps;
	const verdict = judgeLegacy(bytes);
	if (verdict.kind === 'malformed') {
		report.count('malformed');
		report.remoteError(
			ip,
			`Dropped a malformed message from ${ip}: ${verdict.detail}.`,
		);
		return;
	}

	const {message} = verdict;
	const {registrable} = message;
	const from = formatHostPort(ip, message.port);
	// Whose address the line names, if a native peer's (port 0 names no one).
	const native = registrable ? nativeAt(deps, ip, message.port) : undefined;
	if (registrable && isSpoofed(deps, ip, message.port, native)) return;
	if (deps.secret) {
		report.count('refusedLegacy');
		// Listed (so the sidebar shows it refused), but told only once; a
		// sender that cannot be listed (port 0) is told at a bounded rate.
		const text = `Refused plain-text messages from ${from}: this network has a secret, which a legacy host cannot prove.`;
		if (!registrable) report.remoteError(ip, text);
		else if (hosts.learn(ip, message.port, 'inbound', 'legacy').added) {
			report.note(text, 'error');
		}

		return;
	}

	if (native) claimsOffline(deps, ip, message.port, native.key);
	else if (registrable) hosts.heardFromLegacy(ip, message.port);
	report.count('received');
	const {text} = message;
	if (text.length === 0) return;
	// The core shows it unless another node bridged it to us first, and
	// passes it into the mesh (signed by us as its bridge), unless it only
	// claims to come from a native peer's address.
	deps.runtime.handle({
		type: 'legacy-line',
		source: {ip, port: message.port},
		text,
		bridge: registrable && !native,
	});
}

/**
 * A plain line naming the address of a native peer we know that is offline
 * now: anyone can write that, so it does not make the row legacy (which
 * would send the peer plain copies of every line, and never link it again
 * when it comes back). The line is shown, as any plain line, unverified, but
 * not passed into the mesh; a native dial to the address settles who is
 * there: a legacy host's answer makes the row legacy, the peer's its link.
 */
function claimsOffline(
	deps: ServerDeps,
	ip: Ip,
	port: number,
	key: string,
): void {
	const id = formatHostPort(ip, port);
	if (deps.report.once(`claims native ${id}`)) {
		deps.report.note(
			`A plain-text line from ${ip} claims ${id}, where ${labelOf(deps, key)} (offline) is listed: shown unverified, not passed on; checking who answers there.`,
			'error',
		);
	}

	// Learned without a dialect, an address is dialed; a row that exists is kicked.
	if (deps.hosts.get(id)) void deps.hosts.kick(id);
	else deps.hosts.learn(ip, port, 'inbound');
}

/** `nick·fingerprint` of a native peer, by its announcement. */
function labelOf(deps: ServerDeps, key: string): string {
	const nick =
		deps.runtime.view.peers().find((peer) => peer.key === key)?.nick ??
		'a native peer';
	return `${nick}·${fingerprintOf(key)}`;
}

/**
 * A plain line claiming the address of this node or of a native peer that
 * is online: native peers never send plain text, so this is someone else
 * using their address. Listing it as legacy would send the peer plain
 * copies of every line, and two nodes doing that to each other loop forever.
 */
function isSpoofed(
	deps: ServerDeps,
	ip: Ip,
	port: number,
	native: NativeClaim | undefined,
): boolean {
	const from = formatHostPort(ip, port);
	const impersonated = deps.hosts.isSelf(ip, port)
		? 'which is this node'
		: native?.online
			? `where ${labelOf(deps, native.key)} is online`
			: undefined;
	if (impersonated === undefined) return false;
	deps.report.count('impersonations');
	if (deps.report.once(`spoofed ${from}`)) {
		deps.report.note(
			`Dropped a plain-text line from ${ip} claiming ${from}, ${impersonated} (counted as spoofed; not told again).`,
			'error',
		);
	}

	return true;
}

/** The native peer at an address, and whether it is online now. */
type NativeClaim = {readonly key: string; readonly online: boolean};

/**
 * The native peer listed at `ip:port`, or (for an address with no row yet:
 * a peer announced a moment ago) the one the mesh saw listening there. A
 * legacy or unanswered row names no native peer: a native peer that went
 * offline may have been replaced by a legacy host on the same port.
 */
function nativeAt(
	deps: ServerDeps,
	ip: Ip,
	port: number,
): NativeClaim | undefined {
	const row = deps.hosts.get(formatHostPort(ip, port));
	const listed = row?.dialect === 'native' ? row.publicKey : undefined;
	const {view} = deps.runtime;
	if (listed !== undefined && view.reachable().has(listed)) {
		return {key: listed, online: true};
	}

	const online = view.onlineAt({ip, port});
	if (online !== undefined) return {key: online, online: true};
	const offline = listed ?? (row ? undefined : view.knownAt({ip, port}));
	return offline === undefined ? undefined : {key: offline, online: false};
}
