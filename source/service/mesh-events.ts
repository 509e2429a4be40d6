/**
 * What the mesh reports, for the user: relayed messages to show (and to pass
 * on to the legacy hosts this node bridges for), and changes among the peers
 * (`peer-rows.ts` lists them in the host table).
 */
import {formatHostPort, isLoopback} from '../protocol/address.js';
import {fingerprintOf, toHex} from '../protocol/link-choice.js';
import type {MeshDriver, MeshPayload} from '../node/mesh-driver.js';
import {PeerRows} from './peer-rows.js';
import type {ServiceHooks} from './service-hooks.js';

/** Wire the mesh's events; returns the peer rows, to stop with the service. */
export function wireMesh(driver: MeshDriver, hooks: ServiceHooks): PeerRows {
	driver.on('deliver', (payload, from) => {
		deliver(hooks, payload, from);
	});
	const peers = new PeerRows(hooks);
	driver.on('peers-changed', () => {
		peers.sync();
		hooks.changed();
	});
	return peers;
}

/**
 * `ip:port` of the author's listening address: from the table, or from our
 * link when the author sent it to us itself (a table that is full lists it not).
 */
function addressOf(
	hooks: ServiceHooks,
	author: string,
	from: string,
): string | undefined {
	return (
		hooks.table.withKey(author)[0]?.id ??
		(author === from ? hooks.mesh.linkAddress(from) : undefined)
	);
}

function deliver(
	hooks: ServiceHooks,
	payload: MeshPayload,
	from: string,
): void {
	if (payload.kind === 'chat') {
		const {envelope} = payload;
		const author = toHex(envelope.author);
		hooks.count('received');
		hooks.append({
			kind: 'chat',
			from: addressOf(hooks, author, from),
			nick: envelope.nick,
			fingerprint: fingerprintOf(author),
			verified: true,
			text: envelope.text,
		});
		hooks.bridge.relay(`<${envelope.nick}> ${envelope.text}`);
		return;
	}

	const {line} = payload;
	const bridge = toHex(line.bridge);
	// A loopback source names this machine only if the bridge runs here.
	const sameMachine =
		!isLoopback(line.source.ip) || hooks.mesh.mesh.membership.isLocal(bridge);
	if (sameMachine && hooks.isSelf(line.source.ip, line.source.port)) {
		// Someone took this node for a legacy host and bridged our own line
		// back. Passed on to our legacy hosts, it could come back again, and
		// again (each time one `<ip:port>` longer).
		hooks.count('impersonations');
		return;
	}

	const source = formatHostPort(line.source.ip, line.source.port);
	if (!hooks.echoes.admit(source, line.text, bridge, hooks.now())) {
		// The same line already came in another way (the legacy host sent it to several nodes).
		return;
	}

	hooks.count('received');
	hooks.append({
		kind: 'chat',
		from: source,
		verified: false,
		bridge: `${line.bridgeNick}·${fingerprintOf(bridge)}`,
		text: line.text,
	});
	hooks.bridge.relayLegacy(source, line.text);
}
