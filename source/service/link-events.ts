/**
 * What the runtime reports about native links, turned into host-table rows,
 * log lines and counters: a link up (the peer gets its row) or down (the
 * user is told if the peer is now out of reach), a link refused (wrong
 * secret, bad frames), and what the core dropped from a link (bad
 * signatures, replays, malformed lines, refused plain text).
 */
import {formatHostPort} from '../protocol/address.js';
import type {DropReason, MeshFrame} from '../protocol/core-types.js';
import {fingerprintOf} from '../protocol/link-choice.js';
import type {LinkPeer, NativeLink} from '../node/native-link.js';
import type {NativeLinks} from '../node/native-links.js';
import type {ServiceHooks} from './service-hooks.js';

/** `nick·fingerprint` of the peer behind a link, as the UI writes it. */
export function peerLabel(peer: LinkPeer): string {
	return `${peer.hello.nick}·${fingerprintOf(peer.key)}`;
}

export function wireLinks(links: NativeLinks, hooks: ServiceHooks): void {
	const {runtime} = hooks;
	runtime.on('link-up', (link, peer) => {
		linkUp(hooks, links, link, peer);
	});
	runtime.on('link-down', (_link, peer, reason) => {
		// Reached through others, the peer is still online, and a goodbye was
		// already shown: no news for the user.
		const {view} = runtime;
		if (!view.hasLeft(peer.key) && !view.reachable().has(peer.key)) {
			hooks.note(`Link to ${peerLabel(peer)} closed: ${reason.text}.`);
		}

		if (reason.code === 'slow-peer') hooks.count('slowPeers');
		hooks.changed();
	});
	runtime.on('link-refused', (ip, reason) => {
		hooks.count('linkErrors');
		hooks.note(`Dropped a native link with ${ip}: ${reason.text}.`, 'error');
	});
	runtime.on('dropped', (from, frame, reason) => {
		const peer = links.get(from)?.peer;
		const label = peer ? peerLabel(peer) : `a peer·${fingerprintOf(from)}`;
		dropped(hooks, label, frame, reason);
	});
}

function dropped(
	hooks: ServiceHooks,
	label: string,
	frame: MeshFrame['kind'],
	reason: DropReason,
): void {
	switch (reason.kind) {
		case 'bad-signature': {
			hooks.count('badSignatures');
			// A bad announcement is counted, not told: the mesh floods them.
			if (frame !== 'announce') {
				hooks.note(
					`Dropped a message with a bad signature from ${label}.`,
					'error',
				);
			}

			break;
		}

		case 'replayed': {
			hooks.count('replayed');
			break;
		}

		case 'refused-legacy': {
			hooks.count('refusedLegacy');
			break;
		}

		case 'impersonation': {
			hooks.count('impersonations');
			break;
		}

		case 'malformed': {
			hooks.count('malformed');
			if (frame !== 'announce') {
				hooks.note(
					`Dropped a message from ${label}: ${reason.detail}.`,
					'error',
				);
			}
		}
	}
}

function linkUp(
	hooks: ServiceHooks,
	links: NativeLinks,
	link: NativeLink,
	peer: LinkPeer,
): void {
	const {hello, key, address} = peer;
	const now = hooks.now();
	const id = formatHostPort(address.ip, address.port);
	const holder = hooks.table.get(id)?.publicKey;
	if (holder !== undefined && holder !== key && links.get(holder)?.ready) {
		// The port in a HELLO is only a claim: it must not take the address
		// (and so the lines) of a peer whose own link is up. Two peers behind
		// one NAT on the same port meet this too.
		hooks.note(
			`${peerLabel(peer)} says it listens at ${id}, where another peer is linked: not listed.`,
			'error',
		);
		return;
	}

	if (!hooks.table.hasRoomFor(address.ip, address.port)) {
		// The link works (its lines are shown); the table just has no room to list it.
		hooks.note(
			`${peerLabel(peer)} at ${id} linked, but too many hosts are known to list it.`,
			'error',
		);
		return;
	}

	const {record, added} = hooks.table.learn(
		address.ip,
		address.port,
		link.initiator ? 'connect' : 'inbound',
		now,
	);
	hooks.table.linked(record.id, key, hello.nick, now);
	hooks.trouble.recovered(record.id);
	if (added) {
		// Worded like the seed's discovery line, so the two read side by side.
		hooks.note(
			`New host discovered: ${record.id} (${peerLabel(peer)}, encrypted link)`,
		);
		hooks.hostAdded(record.id);
	}

	if (hooks.broadcaster.queued(record.id) > 0)
		void hooks.broadcaster.kick(record.id);
	hooks.changed();
}
