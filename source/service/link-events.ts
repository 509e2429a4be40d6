/**
 * What the native links report, turned into host-table changes, log lines
 * and counters: a link up (a peer found or found again), a link down (retry
 * with backoff), a link refused (wrong secret, bad frames), and chat
 * messages, which are delivered only when signed, well-formed and new.
 */
import {formatHostPort} from '../protocol/address.js';
import {fingerprintOf, toHex} from '../protocol/link-choice.js';
import type {NativeLink} from '../node/native-link.js';
import type {NativeLinks} from '../node/native-links.js';
import {judgeEnvelope} from './intake.js';
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
	});
	links.on('down', (link, reason) => {
		for (const host of hooks.table.withKey(toHex(link.remoteKey!))) {
			hooks.table.failed(host.id, hooks.now(), hooks.random());
			hooks.broadcaster.schedule(host.id);
		}

		hooks.note(`Link to ${linkLabel(link)} closed: ${reason}.`);
		hooks.changed();
	});
	links.on('refused', (ip, reason) => {
		hooks.count('linkErrors');
		hooks.note(`Dropped a native link with ${ip}: ${reason}.`, 'error');
	});
	links.on('chat', (link, envelope) => {
		const verdict = judgeEnvelope(envelope, hooks.replay, hooks.now());
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

			case 'malformed': {
				hooks.count('malformed');
				hooks.note(
					`Dropped a message from ${linkLabel(link)}: ${verdict.detail}.`,
					'error',
				);
				break;
			}

			case 'deliver': {
				hooks.count('received');
				hooks.append({
					kind: 'chat',
					from: linkHostId(link),
					nick: envelope.nick,
					fingerprint: fingerprintOf(verdict.author),
					verified: true,
					text: envelope.text,
				});
			}
		}
	});
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
	// Worded like the seed's discovery line, so the two read side by side.
	const verb = added ? 'New host discovered:' : 'Linked to';
	hooks.note(`${verb} ${record.id} (${linkLabel(link)}, encrypted link)`);
	if (added) hooks.hostAdded(record.id);
	if (hooks.broadcaster.queued(record.id) > 0)
		void hooks.broadcaster.kick(record.id);
	hooks.changed();
}
