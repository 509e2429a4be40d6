/**
 * What the TCP server reports, turned into log lines and counters: legacy
 * messages (shown and bridged into the mesh, or refused on a secret
 * network), native sockets (handed to the links), and every kind of bad
 * input (dropped and counted).
 */
import {formatHostPort, type Ip} from '../protocol/address.js';
import type {InboundServer} from '../node/inbound-server.js';
import {fingerprintOf} from '../protocol/link-choice.js';
import type {NativeLinks} from '../node/native-links.js';
import {judgeLegacy} from '../protocol/intake.js';
import type {ServiceHooks} from './service-hooks.js';

export function wireServer(
	server: InboundServer,
	links: NativeLinks,
	hooks: ServiceHooks,
): void {
	server.on('payload', (ip, bytes) => {
		receiveLegacy(hooks, ip, bytes);
	});
	server.on('native', (socket, ip, leftover) => {
		links.accept(socket, ip, leftover);
	});
	server.on('foreign', (ip, firstByte) => {
		hooks.count('malformed');
		const hex = firstByte.toString(16).padStart(2, '0');
		hooks.note(
			`Dropped a connection from ${ip}: neither protocol (first byte 0x${hex}).`,
			'error',
		);
	});
	server.on('oversized', (ip, bytes) => {
		hooks.count('oversized');
		hooks.note(
			`Dropped a message from ${ip}: more than 4096 bytes (${bytes}+ received).`,
			'error',
		);
	});
	server.on('timeout', () => {
		hooks.count('timedOut');
	});
	server.on('evicted', () => {
		hooks.count('evicted');
	});
	server.on('vanished', () => {
		hooks.count('vanished');
	});
}

function receiveLegacy(hooks: ServiceHooks, ip: Ip, bytes: Uint8Array): void {
	const verdict = judgeLegacy(bytes);
	if (verdict.kind === 'malformed') {
		hooks.count('malformed');
		hooks.note(
			`Dropped a malformed message from ${ip}: ${verdict.detail}.`,
			'error',
		);
		return;
	}

	const {message} = verdict;
	const from = formatHostPort(ip, message.port);
	const owner = nativePeerAt(hooks, from);
	const impersonated = hooks.isSelf(ip, message.port)
		? 'which is this node'
		: owner && `where ${owner} is online`;
	if (message.registrable && impersonated !== undefined) {
		// Native peers never send plain text, so this is someone else using
		// their address. Listing it as legacy would send the peer plain copies
		// of every line, and two nodes doing that to each other loop forever.
		hooks.count('impersonations');
		if (hooks.once(`spoofed ${from}`)) {
			hooks.note(
				`Dropped a plain-text line from ${ip} claiming ${from}, ${impersonated} (counted as spoofed; not told again).`,
				'error',
			);
		}

		return;
	}

	const {registrable} = message;
	if (hooks.secret !== undefined) {
		hooks.count('refusedLegacy');
		// Listed (so the sidebar shows it refused), but told only once.
		const added =
			registrable && hooks.learn(ip, message.port, 'inbound', 'legacy').added;
		if (added || !registrable) {
			hooks.note(
				`Refused plain-text messages from ${from}: this network has a secret, which a legacy host cannot prove.`,
				'error',
			);
		}

		return;
	}

	if (registrable) {
		hooks.learn(ip, message.port, 'inbound', 'legacy');
		hooks.table.heardFrom(from, hooks.now());
		hooks.trouble.recovered(from);
		hooks.bridge.sync();
		if (hooks.broadcaster.queued(from) > 0) {
			void hooks.broadcaster.kick(from);
		}
	}

	hooks.count('received');
	const {text} = message;
	if (text.length === 0) return;
	// The core shows it unless another node bridged it to us first, and
	// passes it into the mesh (signed by us as its bridge).
	hooks.runtime.handle({
		type: 'legacy-line',
		source: {ip, port: message.port},
		text,
		bridge: registrable,
	});
}

/**
 * `nick·fingerprint` of the native peer listed at `id` if it is online now
 * (linked, or reachable through others); a native peer that went offline
 * may have been replaced by a legacy host on the same port.
 */
function nativePeerAt(hooks: ServiceHooks, id: string): string | undefined {
	const record = hooks.table.get(id);
	const key = record?.publicKey;
	if (record?.dialect !== 'native' || key === undefined) return undefined;
	if (!hooks.runtime.view.reachable().has(key)) return undefined;
	return `${record.nick ?? '?'}·${fingerprintOf(key)}`;
}
