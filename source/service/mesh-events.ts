/**
 * What the mesh reports, for the user: relayed messages to show (and to pass
 * on to the legacy hosts this node bridges for), and peers learned, gone
 * offline or back, which enter the host table so the sidebar lists everyone
 * in the network, not just this node's own links.
 */
import {formatHostPort} from '../protocol/address.js';
import {fingerprintOf, toHex} from '../protocol/link-choice.js';
import type {PeerInfo} from '../protocol/membership.js';
import type {MeshDriver, MeshPayload} from '../node/mesh-driver.js';
import type {ServiceHooks} from './service-hooks.js';

export function wireMesh(driver: MeshDriver, hooks: ServiceHooks): void {
	driver.on('deliver', (payload, from) => {
		deliver(hooks, payload, from);
	});
	let seen: PeersSeen = {online: new Set(), gone: new Set()};
	driver.on('peers-changed', () => {
		seen = syncPeers(hooks, seen);
		hooks.changed();
	});
}

/** Keys online at the last sync, and keys the user was told went offline. */
type PeersSeen = {
	readonly online: ReadonlySet<string>;
	readonly gone: ReadonlySet<string>;
};

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
	const source = formatHostPort(line.source.ip, line.source.port);
	const bridge = toHex(line.bridge);
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

/**
 * List every announced peer in the host table, and say who went offline,
 * left, or came back.
 */
function syncPeers(hooks: ServiceHooks, before: PeersSeen): PeersSeen {
	const now = hooks.now();
	const online = new Set<string>();
	const gone = new Set<string>();
	for (const peer of hooks.mesh.mesh.membership.peers()) {
		list(hooks, peer, now);
		const label = `${peer.nick}·${fingerprintOf(peer.key)}`;
		if (peer.hops === undefined) {
			if (before.online.has(peer.key)) {
				hooks.note(peer.left ? `${label} left.` : `${label} is offline.`);
			}

			if (before.online.has(peer.key) || before.gone.has(peer.key)) {
				gone.add(peer.key);
			}
		} else {
			online.add(peer.key);
			if (before.gone.has(peer.key)) hooks.note(`${label} is back online.`);
		}
	}

	return {online, gone};
}

/** Make sure a peer learned from others has a row in the host table. */
function list(hooks: ServiceHooks, peer: PeerInfo, now: number): void {
	const known = hooks.table.withKey(peer.key)[0];
	if (known) {
		if (known.nick !== peer.nick) {
			hooks.table.named(known.id, peer.nick);
			if (known.nick !== undefined) {
				hooks.note(
					`${known.nick}·${fingerprintOf(peer.key)} is now known as ${peer.nick}.`,
				);
			}
		}

		// A goodbye is news of the peer too: "left 5s ago" counts from it.
		hooks.table.heardOf(known.id, peer.heardAt);
		return;
	}

	if (!peer.address || peer.left) return;
	const {ip, port} = peer.address;
	const id = formatHostPort(ip, port);
	const existing = hooks.table.get(id);
	const holder = existing?.publicKey;
	if (
		hooks.isSelf(ip, port) ||
		!hooks.table.hasRoomFor(ip, port) ||
		existing?.dialect === 'legacy' ||
		// Not yet answered (a bootstrap address): our own dial will say who is there.
		(existing?.dialect === 'unknown' && existing.publicKey === undefined) ||
		(holder !== undefined && hooks.mesh.mesh.membership.reachable().has(holder))
	) {
		// This node, no room, a host we talk to ourselves (an address in
		// someone's announcement is only a claim), or another online peer's.
		return;
	}

	const {added} = hooks.table.learn(ip, port, 'gossip', now);
	hooks.table.identified(id, peer.key, peer.nick);
	hooks.table.heardOf(id, peer.heardAt);
	if (added) {
		hooks.note(
			`New host discovered: ${id} (${peer.nick}·${fingerprintOf(peer.key)}, through peers)`,
		);
		hooks.hostAdded(id);
	}
}
