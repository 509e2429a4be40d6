/**
 * The runtime: the one caller of the node core (`protocol/node-core.ts`).
 * What the native links report (a link up or down, a frame, a dial's
 * outcome) and the core's one timer become core events; the effects the
 * core returns become frame writes, dials, closes and the next timer, and
 * what is for the user (deliveries, drops, changes among the peers) goes on
 * to the service as this emitter's events. It holds no policy of its own:
 * every decision is the core's, which is what lets the simulator test them.
 *
 *   socket -> NativeLinks -> Runtime -> NodeCore -> Runtime -> links (writes, dials)
 *                                                          \-> service (events)
 */
import {EventEmitter} from 'node:events';
import type {
	CoreEffect,
	CoreEvent,
	DropReason,
	LineOutcome,
	MeshFrame,
	MeshPayload,
} from '../protocol/core-types.js';
import {digestFeature, type ChatEnvelope} from '../protocol/native-frames.js';
import type {PeerKey} from '../protocol/flood.js';
import type {BridgedLine, PeerAddress} from '../protocol/gossip-messages.js';
import type {CoreView, NodeCore} from '../protocol/node-core.js';
import type {Ip} from '../protocol/address.js';
import {AckBatch} from './ack-batch.js';
import {InboundTurns, lineAuthor} from './inbound-turns.js';
import type {CloseReason} from './close-reason.js';
import {RuntimeCounters, type RuntimeStats} from './runtime-stats.js';
import type {LinkPeer, NativeLink} from './native-link.js';
import {loadFloors, saveFloors} from './replay-store.js';
import type {NativeLinks} from './native-links.js';

export type RuntimeEvents = {
	/** A link is up; told before the core hears of it, so the peer's row exists first. */
	'link-up': [link: NativeLink, peer: LinkPeer];
	/** A link went down; told after the core, so its view is current. */
	'link-down': [link: NativeLink, peer: LinkPeer, reason: CloseReason];
	/** A link closed before it was up (wrong secret, bad frame, limit). */
	'link-refused': [ip: Ip, reason: CloseReason];
	/** A link still in its handshake was closed to make room for a newer one. */
	'link-evicted': [ip: Ip];
	/** A relayed line is new here: show it. */
	deliver: [message: MeshPayload, from: PeerKey, id: string];
	/** A line missed earlier came by catch-up: keep it, show it where it belongs. */
	'caught-up': [message: MeshPayload, from: PeerKey, id: string];
	/**
	 * A legacy host's own line is new here: show it (`bridged`: the line
	 * as this node signed it into the mesh, and its id).
	 */
	'deliver-legacy': [
		source: PeerAddress,
		text: string,
		bridged: {readonly id: string; readonly line: BridgedLine} | undefined,
	];
	/** The core refused what a link brought. */
	dropped: [from: PeerKey, frame: MeshFrame['kind'], reason: DropReason];
	/**
	 * Our own lines settled by one event (who acknowledged each, who did
	 * not), before `publish` resolves for them.
	 */
	'lines-settled': [outcomes: readonly LineOutcome[]];
	/** Who is known or reachable changed. */
	// eslint-disable-next-line @typescript-eslint/no-restricted-types -- an event with no arguments
	'peers-changed': [];
	/**
	 * The core's dial of `key` at its address failed: a peer behind a NAT
	 * announces an address nobody can dial, and a room tries it by key
	 * through the DHT instead.
	 */
	'dial-failed': [key: PeerKey];
};

export type RuntimeOptions = {
	readonly core: NodeCore;
	readonly links: NativeLinks;
	readonly now: () => number;
	/** A mesh dial (connect, handshake, HELLO) must finish within this. */
	readonly dialTimeoutMs: number;
	/**
	 * Where the replay floors are kept across restarts (`replay-store.ts`);
	 * none for a throwaway node.
	 */
	readonly replayFile?: string;
	/** The stored frames of lines a peer asks for in catch-up, by id. */
	readonly servedLines?: (ids: readonly string[]) => Uint8Array[];
	/**
	 * The protocol inspector's hook (`frame-tap.ts`): told what the core
	 * made of each event, only while `watching` (else one property read).
	 */
	readonly tap?: {
		readonly watching: boolean;
		/** Before the core takes `event` (a queued frame's row opens again). */
		judging(event: CoreEvent): void;
		judged(event: CoreEvent, effects: readonly CoreEffect[]): void;
	};
};

/** The outcome of a line this node no longer follows: it is stopping. */
function stoppedOutcome(seq: number): LineOutcome {
	return {seq, confirmed: [], unconfirmed: [], unacknowledging: []};
}

/** After a line is delivered, the replay floors are saved within this long. */
const saveFloorsWithinMs = 30_000;

export class Runtime extends EventEmitter<RuntimeEvents> {
	/** What the core knows, read-only: who is reachable, the peers, who serves whom. */
	readonly view: CoreView;
	readonly #core: NodeCore;
	readonly #links: NativeLinks;
	readonly #now: () => number;
	readonly #dialTimeoutMs: number;
	readonly #counters = new RuntimeCounters();
	#timer: NodeJS.Timeout | undefined;
	#stopped = false;
	readonly #replayFile: string | undefined;
	readonly #servedLines: RuntimeOptions['servedLines'];
	#saveTimer: NodeJS.Timeout | undefined;
	#saving: Promise<void> = Promise.resolve();
	/** Our lines awaiting their outcome, by `seq`. */
	readonly #settling = new Map<number, (outcome: LineOutcome) => void>();
	/** Acks gathered this turn, per link: one ACK frame each at the turn's end. */
	readonly #acks: AckBatch;
	readonly #tap: RuntimeOptions['tap'];
	/** Frames wait here per link and are handled in turns, round robin. */
	readonly #turns: InboundTurns<PeerKey, MeshFrame>;

	constructor(options: RuntimeOptions) {
		super();
		this.#core = options.core;
		this.view = options.core;
		this.#links = options.links;
		this.#acks = new AckBatch((to, seqs) => {
			this.#links.get(to)?.sendAcks(seqs);
		});
		this.#now = options.now;
		this.#dialTimeoutMs = options.dialTimeoutMs;
		this.#replayFile = options.replayFile;
		this.#servedLines = options.servedLines;
		this.#tap = options.tap;
		const {links} = options;
		links.on('up', (link, peer) => {
			this.emit('link-up', link, peer);
			this.handle({
				type: 'link-up',
				key: peer.key,
				address: peer.address,
				nick: peer.hello.nick,
				acks: peer.hello.acks,
				sync: peer.hello.sync,
				extensions: peer.hello.sync,
			});
		});
		this.#turns = new InboundTurns({
			handle: (from, frame) => {
				this.#counters.frame(frame.kind);
				this.handle({type: 'frame', from, frame});
			},
			drop: (from, frame) => {
				this.#counters.frame(frame.kind);
				this.emit('dropped', from, frame.kind, {kind: 'rate-limited'});
			},
			authorOf: lineAuthor,
		});
		links.on('down', (link, peer, reason) => {
			this.#turns.flush(link);
			this.handle({type: 'link-down', key: peer.key});
			this.emit('link-down', link, peer, reason);
		});
		links.on('refused', (ip, reason) => {
			this.emit('link-refused', ip, reason);
		});
		links.on('evicted', (ip) => {
			this.emit('link-evicted', ip);
		});
		links.on('frame', (peer, frame, link, bytes) => {
			this.#turns.push(link, peer.key, frame, bytes);
		});
		links.on('lagging', (peer) => {
			// Told in the middle of a write (an effect being carried out):
			// the core hears of it once that is done, not re-entered.
			queueMicrotask(() => {
				this.handle({type: 'link-lagging', key: peer.key});
			});
		});
		links.on('drained', (peer) => {
			queueMicrotask(() => {
				this.handle({type: 'link-drained', key: peer.key});
			});
		});
	}

	/** Frames received per kind (before de-duplication) and lines delivered. */
	stats(): RuntimeStats {
		return this.#counters.read();
	}

	/** `ip:port` where the peer behind our link to `key` listens, if linked. */
	linkAddress(key: PeerKey): PeerAddress | undefined {
		return this.#links.get(key)?.peer?.address;
	}

	/** Hand the core an event and carry out what it returns. */
	handle(event: CoreEvent): void {
		if (this.#stopped) return;
		const settled: LineOutcome[] = [];
		if (this.#tap?.watching) this.#tap.judging(event);
		const effects = this.#core.handle(event, this.#now());
		if (this.#tap?.watching) this.#tap.judged(event, effects);
		for (const effect of effects) {
			if (effect.type === 'line-settled') settled.push(effect.outcome);
			this.#run(effect);
		}

		// Together: lines that failed at once (a link closing with a burst in
		// flight) make one notice, not one each.
		if (settled.length > 0) this.emit('lines-settled', settled);
	}

	/**
	 * Load the replay floors saved before a restart into the core; call
	 * before `start`. A file that cannot be read is reported, not fatal: it
	 * is written anew at the next save.
	 */
	async restore(): Promise<string | undefined> {
		if (this.#replayFile === undefined) return undefined;
		try {
			const floors = await loadFloors(this.#replayFile);
			this.handle({type: 'restore-replay', floors});
			return undefined;
		} catch (error) {
			return error instanceof Error ? error.message : String(error);
		}
	}

	/**
	 * Send our own line into the mesh; resolves once every link it was
	 * written to has acknowledged it, closed, or let the deadline pass
	 * (`MeshConfig.ackTimeoutMs`).
	 */
	async publish(envelope: ChatEnvelope): Promise<LineOutcome> {
		if (this.#stopped) return stoppedOutcome(envelope.seq);
		return new Promise((resolve) => {
			this.#settling.set(envelope.seq, resolve);
			this.handle({type: 'publish', envelope});
		});
	}

	/** Say goodbye on every link and stop the timer; the caller then closes the links. */
	leave(): void {
		// The core settles the lines still awaiting acks (as `stopped`).
		this.handle({type: 'leave'});
		this.#stopped = true;
		this.#turns.stop();
		clearTimeout(this.#timer);
		this.#acks.flush();
		for (const [seq, resolve] of this.#settling) resolve(stoppedOutcome(seq));
		this.#settling.clear();
	}

	/**
	 * Save the replay floors now (on stop, and some seconds after lines
	 * arrive). Saves run one after another, never two writing the file at once.
	 */
	async persist(): Promise<void> {
		clearTimeout(this.#saveTimer);
		this.#saveTimer = undefined;
		const file = this.#replayFile;
		if (file === undefined) return;
		const save = this.#saving.then(async () =>
			saveFloors(file, this.#core.replayFloors(this.#now())),
		);
		this.#saving = save.catch(() => undefined);
		await save;
	}

	/** Lines arrived: their authors' floors are saved soon (one timer, not one per line). */
	#saveSoon(): void {
		if (this.#replayFile === undefined || this.#saveTimer !== undefined) {
			return;
		}

		this.#saveTimer = setTimeout(() => {
			this.#saveTimer = undefined;
			this.persist().catch(() => {
				// A full disk: the floors stay in memory, and the next save tries again.
			});
		}, saveFloorsWithinMs);
		this.#saveTimer.unref();
	}

	#run(effect: CoreEffect): void {
		switch (effect.type) {
			case 'send-announcement': {
				this.#links.get(effect.to)?.sendAnnounce(effect.announcement);
				break;
			}

			case 'send-digest': {
				this.#links.get(effect.to)?.sendExtension({
					type: 'digest',
					digest: effect.digest,
				});
				break;
			}

			case 'send-want': {
				this.#links
					.get(effect.to)
					?.sendExtension({type: 'want', origin: effect.origin});
				break;
			}

			case 'send-features': {
				this.#links
					.get(effect.to)
					?.sendExtension({type: 'features', bits: digestFeature});
				break;
			}

			case 'send-message': {
				// A link that closed meanwhile: its 'down' reaches the core next.
				const link = this.#links.get(effect.to);
				const {message} = effect;
				if (message.kind === 'chat')
					link?.sendChat(message.envelope, effect.hops);
				else link?.sendBridged(message.line, effect.hops);
				break;
			}

			case 'send-tree': {
				this.#links.get(effect.to)?.sendTree(effect.frame);
				break;
			}

			case 'deliver': {
				this.#counters.delivered();
				this.#saveSoon();
				this.emit('deliver', effect.message, effect.from, effect.id);
				break;
			}

			case 'caught-up': {
				this.#counters.delivered();
				this.emit('caught-up', effect.message, effect.from, effect.id);
				break;
			}

			case 'send-sync': {
				const link = this.#links.get(effect.to);
				this.#counters.syncSent(link?.sendSync(effect.message) ?? 0);
				break;
			}

			case 'serve-lines': {
				const link = this.#links.get(effect.to);
				if (!link || !this.#servedLines) break;
				// What does not go out now (a backlog building), the peer asks again for.
				let served = 0;
				for (const frame of this.#servedLines(effect.ids)) {
					if (!link.sendSynced(frame)) break;
					served++;
				}

				this.#counters.served(served);

				break;
			}

			case 'deliver-legacy': {
				this.#counters.delivered();
				this.emit('deliver-legacy', effect.source, effect.text, effect.bridged);
				break;
			}

			case 'dropped': {
				this.emit('dropped', effect.from, effect.frame, effect.reason);
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

			case 'ack': {
				this.#acks.add(effect.to, effect.seq);
				break;
			}

			case 'pace': {
				this.#counters.paced();
				this.#links.get(effect.key)?.pause(effect.until - this.#now());
				break;
			}

			case 'line-settled': {
				const {outcome} = effect;
				this.#settling.get(outcome.seq)?.(outcome);
				this.#settling.delete(outcome.seq);
				break;
			}
		}
	}

	async #dial(key: PeerKey, address: PeerAddress): Promise<void> {
		const result = await this.#links.dial(
			address.ip,
			address.port,
			this.#dialTimeoutMs,
		);
		if (this.#stopped) return;
		// A different key at that address (the peer restarted with a new
		// identity) is a new peer, and the one we wanted is not there.
		// A link that already closed again has told the core so: a failure.
		if (
			result.kind !== 'native' ||
			!result.link.ready ||
			result.peer.key !== key
		) {
			this.handle({type: 'dial-failed', key});
			this.emit('dial-failed', key);
			return;
		}

		// Usually the links' 'up' event has told the core already; not when
		// an older link to the key won the tie-break, and the core must still
		// learn that its dial is over. (Told twice, a full node would hand
		// the peer its whole exchange twice.)
		if (!this.#core.isDialing(key)) return;
		this.handle({
			type: 'link-up',
			key,
			address: result.peer.address,
			nick: result.peer.hello.nick,
			acks: result.peer.hello.acks,
			sync: result.peer.hello.sync,
			extensions: result.peer.hello.sync,
		});
	}

	#schedule(at: number): void {
		if (this.#stopped) return;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(
			() => {
				this.#timer = undefined;
				this.handle({type: 'timer'});
			},
			Math.max(0, at - this.#now()),
		);
		this.#timer.unref();
	}
}
