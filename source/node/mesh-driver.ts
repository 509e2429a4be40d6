/**
 * Carries out what the mesh state machine (`protocol/mesh.ts`) decides, over
 * the native links: sends frames, dials, closes links, keeps its one timer.
 * It holds no policy of its own; every decision is in the protocol layer,
 * which is what lets the simulator test it without sockets.
 */
import {EventEmitter} from 'node:events';
import {formatHostPort} from '../protocol/address.js';
import type {PeerKey} from '../protocol/flood.js';
import type {BridgedLine, PeerAddress} from '../protocol/gossip-messages.js';
import {toHex} from '../protocol/link-choice.js';
import type {Mesh, MeshEffect} from '../protocol/mesh.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {NativeLinks} from './native-links.js';

/** What the mesh relays: signed chat lines, and legacy lines bridged in. */
export type MeshPayload =
	| {readonly kind: 'chat'; readonly envelope: ChatEnvelope}
	| {readonly kind: 'bridged'; readonly line: BridgedLine};

export type MeshDriverEvents = {
	/** A relayed message is new here: show it. */
	deliver: [payload: MeshPayload, from: PeerKey];
	/** Who is known or reachable changed. */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	'peers-changed': [];
};

export type MeshDriverOptions = {
	readonly mesh: Mesh<MeshPayload>;
	readonly links: NativeLinks;
	readonly now: () => number;
	/** A mesh dial (connect, handshake, HELLO) must finish within this. */
	readonly dialTimeoutMs: number;
};

export class MeshDriver extends EventEmitter<MeshDriverEvents> {
	readonly mesh: Mesh<MeshPayload>;
	readonly #links: NativeLinks;
	readonly #now: () => number;
	readonly #dialTimeoutMs: number;
	#timer: NodeJS.Timeout | undefined;
	#stopped = false;

	constructor(options: MeshDriverOptions) {
		super();
		this.mesh = options.mesh;
		this.#links = options.links;
		this.#now = options.now;
		this.#dialTimeoutMs = options.dialTimeoutMs;
	}

	/** `ip:port` where the peer behind our link to `key` listens, if linked. */
	linkAddress(key: PeerKey): string | undefined {
		const link = this.#links.get(key);
		return link?.remoteHello
			? formatHostPort(link.remoteIp, link.remoteHello.listenPort)
			: undefined;
	}

	/** Carry out `effects` in order. */
	run(effects: Array<MeshEffect<MeshPayload>>): void {
		for (const effect of effects) this.#runOne(effect);
	}

	/** Say goodbye on every link and stop the timer; the caller then closes the links. */
	leave(): void {
		this.run(this.mesh.leave(this.#now()));
		this.#stopped = true;
		clearTimeout(this.#timer);
	}

	#runOne(effect: MeshEffect<MeshPayload>): void {
		switch (effect.type) {
			case 'send-announcement': {
				this.#send(effect.to, (link) => link.sendAnnounce(effect.announcement));
				break;
			}

			case 'send-message': {
				const {message} = effect;
				this.#send(effect.to, (link) =>
					message.kind === 'chat'
						? link.sendChat(message.envelope)
						: link.sendBridged(message.line),
				);
				break;
			}

			case 'deliver': {
				this.emit('deliver', effect.message, effect.from);
				break;
			}

			case 'dial': {
				void this.#dial(effect.key, effect.address);
				break;
			}

			case 'disconnect': {
				void this.#links.get(effect.key)?.end();
				break;
			}

			case 'timer': {
				this.#schedule(effect.at);
				break;
			}

			case 'peers-changed': {
				this.emit('peers-changed');
				break;
			}
		}
	}

	#send(
		to: PeerKey,
		write: (link: NonNullable<ReturnType<NativeLinks['get']>>) => boolean,
	): void {
		const link = this.#links.get(to);
		// A link that closed meanwhile: its 'down' event reaches the mesh next.
		if (link?.ready) write(link);
	}

	async #dial(key: PeerKey, address: PeerAddress): Promise<void> {
		const result = await this.#links.dial(
			address.ip,
			address.port,
			this.#dialTimeoutMs,
		);
		if (this.#stopped) return;
		const now = this.#now();
		// A different key at that address (the peer restarted with a new
		// identity) is a new peer, and the one we wanted is not there.
		// A link that already closed again has told the mesh so: count a failure.
		if (
			result.kind !== 'native' ||
			!result.link.ready ||
			toHex(result.link.remoteKey!) !== key
		) {
			this.run(this.mesh.dialFailed(key, now));
			return;
		}

		// Usually the links' 'up' event has told the mesh already; not when
		// an older link to the key won the tie-break, and the mesh must still
		// learn that its dial is over. (Told twice, a full node would hand
		// the peer its whole exchange twice.)
		if (!this.mesh.membership.isDialing(key)) return;
		const {link} = result;
		const linked = {ip: link.remoteIp, port: link.remoteHello!.listenPort};
		this.run(this.mesh.linkUp(key, linked, now));
	}

	#schedule(at: number): void {
		if (this.#stopped) return;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(
			() => {
				this.#timer = undefined;
				this.run(this.mesh.tick(this.#now()));
			},
			Math.max(0, at - this.#now()),
		);
		this.#timer.unref();
	}
}

export {type Announcement} from '../protocol/gossip-messages.js';
