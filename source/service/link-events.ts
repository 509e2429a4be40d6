/**
 * What the native links report, turned into host-table changes, log lines,
 * counters and mesh events: a link up or down (the mesh decides what to dial
 * next), a link refused (wrong secret, bad frames), announcements, and
 * messages to relay, which go on only when signed, well-formed and new.
 */
import {formatHostPort} from '../protocol/address.js';
import {fingerprintOf, toHex} from '../protocol/link-choice.js';
import type {MeshPayload} from '../node/mesh-driver.js';
import {slowPeerReason, type NativeLink} from '../node/native-link.js';
import type {NativeLinks} from '../node/native-links.js';
import {
	judgeAnnouncement,
	judgeBridged,
	judgeEnvelope,
	type EnvelopeVerdict,
} from './intake.js';
import type {ServiceHooks} from './service-hooks.js';

/** `ip:port` where the peer behind a link accepts connections. */
export function linkHostId(link: NativeLink): string {
	return formatHostPort(link.remoteIp, link.remoteHello?.listenPort ?? 0);
}

/** `nick·fingerprint` of the peer behind a link, as the UI writes it. */
export function linkLabel(link: NativeLink): string {
	const key = link.remoteKey ? fingerprintOf(toHex(link.remoteKey)) : '?';
	return `${link.remoteHello?.nick ?? link.remoteIp}·${key}`;
}

export function wireLinks(links: NativeLinks, hooks: ServiceHooks): void {
	links.on('up', (link) => {
		linkUp(hooks, links, link);
		const address = {ip: link.remoteIp, port: link.remoteHello!.listenPort};
		hooks.mesh.run(hooks.mesh.mesh.linkUp(keyOf(link), address, hooks.now()));
	});
	links.on('down', (link, reason) => {
		const key = keyOf(link);
		hooks.mesh.run(hooks.mesh.mesh.linkDown(key, hooks.now()));
		// Reached through others, the peer is still online, and a goodbye was
		// already shown: no news for the user.
		const {membership} = hooks.mesh.mesh;
		const left = membership
			.peers()
			.some((peer) => peer.key === key && peer.left);
		if (!left && !membership.reachable().has(key)) {
			hooks.note(`Link to ${linkLabel(link)} closed: ${reason}.`);
		}

		if (reason === slowPeerReason) hooks.count('slowPeers');
		hooks.changed();
	});
	links.on('refused', (ip, reason) => {
		hooks.count('linkErrors');
		hooks.note(`Dropped a native link with ${ip}: ${reason}.`, 'error');
	});
	links.on('announce', (link, announcement) => {
		// Copies and old versions change nothing: drop them before the signature check.
		if (!hooks.mesh.mesh.membership.isNews(announcement)) return;
		const verdict = judgeAnnouncement(announcement);
		if (verdict !== 'ok') {
			hooks.count(verdict === 'bad-signature' ? 'badSignatures' : 'malformed');
			return;
		}

		hooks.mesh.run(
			hooks.mesh.mesh.receiveAnnouncement(
				keyOf(link),
				announcement,
				hooks.now(),
			),
		);
	});
	links.on('chat', (link, envelope) => {
		const verdict = judgeEnvelope(envelope, hooks.replay, hooks.now());
		if (verdict.kind === 'deliver') {
			relay(hooks, link, verdict.id, {kind: 'chat', envelope});
		} else {
			reject(hooks, link, verdict);
		}
	});
	links.on('bridged', (link, line) => {
		const verdict = judgeBridged(line, hooks.replay, hooks.now(), hooks.secret);
		if (verdict.kind === 'deliver') {
			relay(hooks, link, verdict.id, {kind: 'bridged', line});
		} else if (verdict.kind === 'refused') {
			hooks.count('refusedLegacy');
		} else {
			reject(hooks, link, verdict);
		}
	});
}

/** A verified, new message: the mesh delivers it here and passes it on. */
function relay(
	hooks: ServiceHooks,
	link: NativeLink,
	id: string,
	payload: MeshPayload,
): void {
	hooks.mesh.run(
		hooks.mesh.mesh.receiveMessage(keyOf(link), id, payload, hooks.now()),
	);
}

function reject(
	hooks: ServiceHooks,
	link: NativeLink,
	verdict: Exclude<EnvelopeVerdict, {kind: 'deliver'}>,
): void {
	switch (verdict.kind) {
		case 'bad-signature': {
			hooks.count('badSignatures');
			hooks.note(
				`Dropped a message with a bad signature from ${linkLabel(link)}.`,
				'error',
			);
			break;
		}

		case 'replayed': {
			hooks.count('replayed');
			break;
		}

		case 'copy': {
			// Another path brought it first: the normal cost of flooding, not news.
			break;
		}

		case 'malformed': {
			hooks.count('malformed');
			hooks.note(
				`Dropped a message from ${linkLabel(link)}: ${verdict.detail}.`,
				'error',
			);
		}
	}
}

function keyOf(link: NativeLink): string {
	return toHex(link.remoteKey!);
}

function linkUp(
	hooks: ServiceHooks,
	links: NativeLinks,
	link: NativeLink,
): void {
	const hello = link.remoteHello!;
	const now = hooks.now();
	const key = toHex(link.remoteKey!);
	const id = formatHostPort(link.remoteIp, hello.listenPort);
	const holder = hooks.table.get(id)?.publicKey;
	if (holder !== undefined && holder !== key && links.get(holder)?.ready) {
		// The port in a HELLO is only a claim: it must not take the address
		// (and so the lines) of a peer whose own link is up. Two peers behind
		// one NAT on the same port meet this too.
		hooks.note(
			`${linkLabel(link)} says it listens at ${id}, where another peer is linked: not listed.`,
			'error',
		);
		return;
	}

	if (!hooks.table.hasRoomFor(link.remoteIp, hello.listenPort)) {
		// The link works (its lines are shown); the table just has no room to list it.
		hooks.note(
			`${linkLabel(link)} at ${id} linked, but too many hosts are known to list it.`,
			'error',
		);
		return;
	}

	const {record, added} = hooks.table.learn(
		link.remoteIp,
		hello.listenPort,
		link.initiator ? 'connect' : 'inbound',
		now,
	);
	hooks.table.linked(record.id, key, hello.nick, now);
	hooks.trouble.recovered(record.id);
	if (added) {
		// Worded like the seed's discovery line, so the two read side by side.
		hooks.note(
			`New host discovered: ${record.id} (${linkLabel(link)}, encrypted link)`,
		);
		hooks.hostAdded(record.id);
	}

	if (hooks.broadcaster.queued(record.id) > 0)
		void hooks.broadcaster.kick(record.id);
	hooks.changed();
}
