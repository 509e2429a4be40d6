/**
 * What the runtime reports about native links, turned into log lines and
 * counters: a link up (an address row learns who answers there) or down (the
 * user is told if the peer is now out of reach), a link refused (wrong
 * secret, bad frames), and what the core dropped from a link (bad
 * signatures, replays, malformed lines, refused plain text).
 */
import {formatHostPort} from '../protocol/address.js';
import type {DropReason, MeshFrame} from '../protocol/core-types.js';
import {fingerprintOf} from '../protocol/peer-key.js';
import type {LinkPeer, NativeLink} from '../node/native-link.js';
import type {NativeLinks} from '../node/native-links.js';
import type {Runtime} from '../node/runtime.js';
import type {Hosts} from './hosts.js';
import {peerLabel} from './peer-label.js';
import type {Report} from './report.js';

/** What handling the links' events takes. */
export type LinkDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
	readonly links: NativeLinks;
};

export function wireLinks(deps: LinkDeps): void {
	const {runtime, report, links} = deps;
	runtime.on('link-up', (link, peer) => {
		linkUp(deps, link, peer);
	});
	runtime.on('link-down', (_link, peer, reason) => {
		// Reached through others, the peer is still online, and a goodbye was
		// already shown: no news for the user.
		const {view} = runtime;
		if (!view.hasLeft(peer.key) && !view.reachable().has(peer.key)) {
			report.note(`Link to ${peerLabel(peer)} closed: ${reason.text}.`);
		}

		if (reason.code === 'slow-peer') report.count('slowPeers');
		report.changed();
	});
	runtime.on('link-evicted', () => {
		report.count('evicted');
	});
	runtime.on('link-refused', (ip, reason) => {
		report.count('linkErrors');
		const text = `Dropped a native link with ${ip}: ${reason.text}.`;
		if (reason.code !== 'secret') {
			report.remoteError(ip, text);
		} else if (report.once(text)) {
			// It stays so until one end restarts with another secret: once
			// is enough (the link errors go on being counted).
			report.note(text, 'error');
		}
	});
	runtime.on('dropped', (from, frame, reason) => {
		const peer = links.get(from)?.peer;
		const label = peer ? peerLabel(peer) : `a peer·${fingerprintOf(from)}`;
		dropped(report, label, frame, reason);
	});
}

function dropped(
	report: Report,
	label: string,
	frame: MeshFrame['kind'],
	reason: DropReason,
): void {
	switch (reason.kind) {
		case 'bad-signature': {
			report.count('badSignatures');
			// A bad announcement is counted, not told: the mesh floods them.
			if (frame !== 'announce') {
				report.remoteError(
					label,
					`Dropped a message with a bad signature from ${label}.`,
				);
			}

			break;
		}

		case 'replayed': {
			report.count('replayed');
			break;
		}

		case 'refused-legacy': {
			report.count('refusedLegacy');
			break;
		}

		case 'impersonation': {
			report.count('impersonations');
			break;
		}

		case 'rate-limited': {
			// Counted, not told: a flood of notices would be the flood itself.
			report.count('rateLimited');
			break;
		}

		case 'malformed': {
			report.count('malformed');
			if (frame !== 'announce') {
				report.remoteError(
					label,
					`Dropped a message from ${label}: ${reason.detail}.`,
				);
			}
		}
	}
}

function linkUp(deps: LinkDeps, link: NativeLink, peer: LinkPeer): void {
	const {address, key} = peer;
	const id = formatHostPort(address.ip, address.port);
	// The core has not heard of this link yet: who is online there is
	// someone else, or this peer over another path.
	const holder = deps.runtime.view.onlineAt(address);
	if (holder !== undefined && holder !== key && deps.links.get(holder)?.ready) {
		// The port in a HELLO is only a claim: it must not take the address
		// (and so the lines) of a peer whose own link is up. Two peers behind
		// one NAT on the same port meet this too.
		deps.report.note(
			`${peerLabel(peer)} says it listens at ${id}, where another peer is linked: that address stays the other's.`,
			'error',
		);
		return;
	}

	deps.hosts.linked(peer, link.initiator);
}
