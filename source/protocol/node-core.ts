/**
 * The node core: one sans-IO state machine for everything a node decides,
 * in the shape of iroh-gossip's `State::handle(InEvent, now) -> OutEvents`.
 * It owns membership and relay (`mesh.ts`), intake (`intake.ts`: signature,
 * clock, size, nick, replay), the replay guard, the rules for plain text
 * (`legacy-lines.ts`: echoes, spoofed sources), and acknowledgements: it
 * acks the lines a link's peer wrote itself, and follows its own lines
 * until each link has acked them or failed (`own-lines.ts`).
 * Cryptography, this node's signatures, randomness and "is that address
 * this node" are injected; it keeps no clock, timer or socket of its own.
 *
 * Its one caller in the program is `node/runtime.ts`; the simulator
 * (`test/helpers/simulator.ts`) drives it through the same events.
 */
import type {
	CoreEffect,
	CoreEvent,
	CoreSigner,
	DropReason,
	MeshFrame,
	MeshPayload,
	Verifier,
} from './core-types.js';
import type {Announcement, PeerAddress} from './gossip-messages.js';
import type {ChatEnvelope} from './native-frames.js';
import {judgeAnnouncement, judgeBridged, judgeChat} from './intake.js';
import {maxClockSkewMs} from './limits.js';
import {LegacyLines} from './legacy-lines.js';
import {peerKeyOf, type PeerKey} from './peer-key.js';
import type {MeshConfig} from './mesh-config.js';
import {Mesh, type MeshEffect} from './mesh.js';
import type {
	PeerChanges,
	PeerInfo,
	RememberedPeer,
} from './membership-types.js';
import {OwnLines} from './own-lines.js';
import {ReplayGuard} from './replay-guard.js';
import {FairShares} from './fair-shares.js';
import {CatchUp, type CatchUpConfig} from './catch-up.js';
import {receiveSync, receiveSynced} from './catch-up-frames.js';

const rateLimited = {kind: 'rate-limited'} as const;

/**
 * About the memory a payload holds: its strings (two bytes a character at
 * most, as JavaScript may hold them) and a few hundred bytes of the rest.
 */
function payloadMemory(payload: MeshPayload): number {
	const {text, nick} =
		payload.kind === 'chat'
			? payload.envelope
			: {text: payload.line.text, nick: payload.line.bridgeNick};
	return 2 * (text.length + nick.length) + 256;
}

export type NodeCoreOptions = {
	/** This node's key, hex. */
	readonly self: PeerKey;
	readonly nick: string;
	readonly config: MeshConfig;
	readonly signer: CoreSigner;
	readonly verifier: Verifier;
	/** A draw in [0, 1): which peer to dial, backoff jitter. */
	readonly random: () => number;
	/** On a network with a secret, plain text is refused however it travels. */
	readonly secret: boolean;
	/** Whether `address` is where this node itself listens. */
	readonly isOwnAddress: (address: PeerAddress) => boolean;
	/**
	 * Catch-up's settings, for a node that keeps a history (it serves the
	 * lines it is asked for from there); none: this node does not catch up.
	 */
	readonly catchUp?: CatchUpConfig;
};

/** What the rest of the program may ask the core; it changes nothing. */
export type CoreView = {
	readonly config: MeshConfig;
	/** Keys of the peers this node holds a link with. */
	readonly links: readonly PeerKey[];
	/** Catch-up's settings, if this node catches up (it keeps a history). */
	readonly catchUpWindow: CatchUpConfig | undefined;
	/** Peer -> hops, for every peer reachable now. */
	reachable(): ReadonlyMap<PeerKey, number>;
	/** Every announced peer, in the order they were learned. */
	peers(): readonly PeerInfo[];
	/** One peer as `peers()` lists it; none if it is not listed. */
	peer(key: PeerKey): PeerInfo | undefined;
	/**
	 * Which peers' listings changed since `cursor` (`change-journal.ts`);
	 * none (a first read), or a reader too far behind: all.
	 */
	peerChangesSince(cursor: number | undefined): PeerChanges;
	/**
	 * The links `key` announces (the mesh map draws who is linked to whom
	 * from these; a link counts when both ends list it).
	 */
	announcedLinks(key: PeerKey): readonly PeerKey[];
	isJoining(key: PeerKey, now: number): boolean;
	/** Whether a dial of ours to `key` is under way. */
	isDialing(key: PeerKey): boolean;
	/** Peers worth dialing after a restart, most recently heard first. */
	remembered(): RememberedPeer[];
	/**
	 * Peers met before a restart and dialed again that have said nothing
	 * yet this run (so `peers()`, which needs a nick, does not list them),
	 * with when they were last heard of before it and the nick they went by
	 * then (a label to show, never one to find them by).
	 */
	rejoining(): RememberedPeer[];
	hasLeft(key: PeerKey): boolean;
	/** Whether this node passes mesh lines to the legacy host at `address`. */
	bridges(address: PeerAddress): boolean;
	/** Where `key` was last seen to listen (by us or by the peers that announce it). */
	addressOf(key: PeerKey): PeerAddress | undefined;
	/** A native peer reachable now that was seen to listen at `address`. */
	onlineAt(address: PeerAddress): PeerKey | undefined;
	/** A native peer, online or not, seen to listen at `address`. */
	knownAt(address: PeerAddress): PeerKey | undefined;
};

export class NodeCore implements CoreView {
	readonly #options: NodeCoreOptions;
	readonly #mesh: Mesh<MeshPayload>;
	readonly #replay = new ReplayGuard();
	readonly #legacy: LegacyLines;
	readonly #shares: FairShares;
	readonly #own: OwnLines;
	readonly #catchUp: CatchUp | undefined;

	/** Whether catch-up holds the line `id` (then a live copy is a copy). */
	readonly #held: (id: string) => boolean;

	constructor(options: NodeCoreOptions) {
		this.#options = options;
		this.#mesh = new Mesh<MeshPayload>({
			self: options.self,
			nick: options.nick,
			config: options.config,
			sign: options.signer.announce,
			random: options.random,
			sizeOf: payloadMemory,
		});
		this.#legacy = new LegacyLines(this.#mesh.membership, options.isOwnAddress);
		this.#shares = new FairShares(options.config);
		this.#own = new OwnLines({
			timeoutMs: options.config.ackTimeoutMs,
			maxAwaiting: options.config.maxAwaitingAcks,
		});
		const catchUp =
			options.catchUp && new CatchUp(options.self, options.catchUp);
		this.#catchUp = catchUp;
		this.#held = (id) => catchUp?.set.has(id) ?? false;
	}

	get catchUpWindow(): CatchUpConfig | undefined {
		return this.#options.catchUp;
	}

	/** Take one event; return what the runtime must do, in order. */
	handle(event: CoreEvent, now: number): CoreEffect[] {
		const mesh = this.#mesh;
		switch (event.type) {
			case 'start': {
				return mesh.start(now);
			}

			case 'timer': {
				// The timer also wakes for the broadcast's deadlines; the
				// periodic checks keep the membership's pace.
				if (!mesh.membershipDue(now)) return mesh.tick(now);
				return [
					...mesh.tick(now),
					...this.#own.expire(now),
					...(this.#catchUp?.tick(now) ?? []),
				];
			}

			case 'link-up': {
				this.#own.linkUp(event.key, event.acks);
				return [
					...mesh.linkUp(
						event.key,
						event.address,
						event.nick,
						now,
						event.extensions,
					),
					...(this.#catchUp?.linkUp(event.key, event.sync, now) ?? []),
				];
			}

			case 'link-down': {
				this.#shares.linkDown(event.key);
				return [
					...mesh.linkDown(event.key, now),
					...this.#own.linkDown(event.key),
					...(this.#catchUp?.linkDown(event.key, now) ?? []),
				];
			}

			case 'link-lagging': {
				return mesh.linkLagging(event.key, now);
			}

			case 'link-drained': {
				return mesh.linkDrained(event.key);
			}

			case 'dial-failed': {
				return mesh.dialFailed(event.key, now);
			}

			case 'frame': {
				return this.#receive(event.from, event.frame, now);
			}

			case 'publish': {
				const {envelope} = event;
				const id = this.#options.verifier.chatId(envelope);
				this.#catchUp?.add({time: envelope.timestamp, id}, now);
				const sent = this.#relayed(
					mesh.publish(id, {kind: 'chat', envelope}, now),
					now,
				);
				// Every link hears of it: eager ones get it now, lazy ones by
				// announcement (each acks once it holds the line, `#ack`).
				const sentTo = mesh.broadcast.neighbors();
				return [...sent, ...this.#own.sent(envelope.seq, sentTo, now)];
			}

			case 'legacy-line': {
				return this.#legacyLine(event.source, event.text, event.bridge, now);
			}

			case 'set-nick': {
				return mesh.membership.setNick(event.nick);
			}

			case 'set-legacy': {
				return mesh.membership.setLegacy(event.hosts);
			}

			case 'leave': {
				return [...this.#own.stop(), ...mesh.leave(now)];
			}

			case 'restore-replay': {
				this.#replay.restore(event.floors);
				return [];
			}

			case 'restore-peers': {
				return mesh.membership.rejoin(event.peers, now);
			}

			case 'restore-sync': {
				this.#catchUp?.restore(event.items, now);
				return [];
			}
		}
	}

	get config(): MeshConfig {
		return this.#mesh.membership.config;
	}

	get links(): readonly PeerKey[] {
		return this.#mesh.membership.links;
	}

	/** Copies received, sent and delivered, for benchmarks and the simulator. */
	get stats() {
		return this.#mesh.broadcast.stats;
	}

	/** Lines asked for in catch-up and not arrived yet. */
	get awaitingCatchUp(): number {
		return this.#catchUp?.awaiting ?? 0;
	}

	/** Our own lines still awaiting an acknowledgement. */
	get awaitingAcks(): number {
		return this.#own.size;
	}

	/**
	 * The replay floors worth keeping across a restart (authors whose lines
	 * could still pass the clock check).
	 */
	replayFloors(now: number): Array<[author: string, seq: number]> {
		return this.#replay.floors(now - maxClockSkewMs);
	}

	/** Peers worth dialing after a restart (`Membership.remembered`). */
	remembered(): RememberedPeer[] {
		return this.#mesh.membership.remembered();
	}

	rejoining(): RememberedPeer[] {
		return this.#mesh.membership.rejoining();
	}

	/** Whether a dial to `key` is under way (asked for, not yet settled). */
	isDialing(key: PeerKey): boolean {
		return this.#mesh.membership.isDialing(key);
	}

	reachable(): ReadonlyMap<PeerKey, number> {
		return this.#mesh.membership.reachable();
	}

	peers(): readonly PeerInfo[] {
		return this.#mesh.membership.peers();
	}

	peer(key: PeerKey): PeerInfo | undefined {
		return this.#mesh.membership.peer(key);
	}

	peerChangesSince(cursor: number | undefined): PeerChanges {
		return this.#mesh.membership.peerChangesSince(cursor);
	}

	announcedLinks(key: PeerKey): readonly PeerKey[] {
		return this.#mesh.membership.announcedLinks(key);
	}

	isJoining(key: PeerKey, now: number): boolean {
		return this.#mesh.membership.isJoining(key, now);
	}

	hasLeft(key: PeerKey): boolean {
		return this.#mesh.membership.hasLeft(key);
	}

	bridges(address: PeerAddress): boolean {
		return this.#mesh.membership.bridges(address);
	}

	addressOf(key: PeerKey): PeerAddress | undefined {
		return this.#mesh.membership.addressOf(key);
	}

	onlineAt(address: PeerAddress): PeerKey | undefined {
		return this.#mesh.membership.onlineAt(address);
	}

	knownAt(address: PeerAddress): PeerKey | undefined {
		return this.#mesh.membership.knownAt(address);
	}

	#receive(from: PeerKey, frame: MeshFrame, now: number): CoreEffect[] {
		const {verifier, secret} = this.#options;
		const dropped = (
			reason: Extract<CoreEffect, {type: 'dropped'}>['reason'],
		) => [{type: 'dropped', from, frame: frame.kind, reason} as const];
		switch (frame.kind) {
			case 'announce': {
				return this.#announcement(from, frame.announcement, now, dropped);
			}

			case 'digest': {
				// Rebuilt from the announcement it repeats, then judged like one.
				const found = this.#mesh.membership.expand(frame.digest);
				if (found === 'old') return [];
				if (found !== 'missing') {
					return this.#announcement(from, found, now, dropped);
				}

				// Not the one we hold (or none): ask its link for the whole.
				if (!this.#shares.linkMayAnnounce(from, now)) {
					return dropped(rateLimited);
				}

				return [{type: 'send-want', to: from, origin: frame.digest.origin}];
			}

			case 'want': {
				if (!this.#shares.linkMayAnnounce(from, now)) {
					return dropped(rateLimited);
				}

				return this.#mesh.membership.want(from, peerKeyOf(frame.origin));
			}

			case 'features': {
				return this.#mesh.membership.features(from, frame.digests);
			}

			case 'chat': {
				const verdict = judgeChat(frame.envelope, {
					replay: this.#replay,
					verifier,
					now,
					held: this.#held,
				});
				// A refused line is not acked: its author hears "not confirmed".
				if (verdict.kind === 'drop') return dropped(verdict.reason);
				// A copy from its author is acked too: we have the line,
				// whichever way it came first.
				if (verdict.kind === 'copy') {
					const author = peerKeyOf(frame.envelope.author);
					return [
						...(author === from ? this.#ack(author, frame.envelope) : []),
						...this.#mesh.receiveCopy(from),
					];
				}

				// Over its share at a relay: dropped, and (not from its author) never acked.
				const share = this.#shares.line(
					from,
					verdict.author,
					verdict.bytes,
					now,
				);
				if (share === undefined) return dropped(rateLimited);
				return [
					...share,
					...this.#ack(verdict.author, frame.envelope),
					...this.#relayed(
						this.#mesh.receiveMessage(from, verdict.id, frame, frame.hops, now),
						now,
					),
				];
			}

			case 'tree-hello': {
				this.#mesh.speaksTree(from);
				return [];
			}

			case 'tree': {
				const {control} = frame;
				// A line catch-up brought is held, though the tree never
				// delivered it: not worth a GRAFT.
				return this.#mesh.receiveControl(
					from,
					control.kind === 'ihave'
						? {
								kind: 'ihave',
								entries: control.entries.filter(
									(entry) => !this.#held(entry.id),
								),
							}
						: control,
					now,
				);
			}

			case 'ack': {
				return this.#own.acked(from, frame.seqs);
			}

			case 'sync': {
				return receiveSync(this.#catchUp, from, frame.message, now);
			}

			case 'synced': {
				return receiveSynced(this.#catchUp, from, frame.payload, {
					verifier,
					secret,
					now,
				});
			}

			case 'bridged': {
				const verdict = judgeBridged(
					frame.line,
					{replay: this.#replay, verifier, now, held: this.#held},
					secret,
				);
				if (verdict.kind === 'copy') return this.#mesh.receiveCopy(from);
				if (verdict.kind === 'drop') return dropped(verdict.reason);
				if (this.#legacy.claimsOnlinePeer(frame.line)) {
					// Stopped here, not passed on: every node that knows the peer would drop it too.
					return dropped({kind: 'impersonation'});
				}

				const share = this.#shares.line(
					from,
					verdict.author,
					verdict.bytes,
					now,
				);
				if (share === undefined) return dropped(rateLimited);
				return [
					...share,
					...this.#relayed(
						this.#mesh.receiveMessage(from, verdict.id, frame, frame.hops, now),
						now,
					),
				];
			}
		}
	}

	/** An announcement from the link to `from` (whole, or rebuilt from a digest). */
	#announcement(
		from: PeerKey,
		announcement: Announcement,
		now: number,
		dropped: (reason: DropReason) => CoreEffect[],
	): CoreEffect[] {
		const {membership} = this.#mesh;
		// Copies and old versions change nothing: drop them before the signature check.
		if (!membership.isNews(announcement)) return [];
		// The link pays before the signature check (its flood costs
		// us the checks); an author only once the line is its own
		// (a forgery must not spend an honest author's share).
		const origin = peerKeyOf(announcement.origin);
		if (
			!this.#shares.linkMayAnnounce(from, now) ||
			!membership.mayIntroduce(origin, from)
		) {
			return dropped(rateLimited);
		}

		const problem = judgeAnnouncement(announcement, this.#options.verifier);
		if (problem) return dropped(problem);
		if (!this.#shares.authorMayAnnounce(origin, now)) {
			return dropped(rateLimited);
		}

		return this.#mesh.receiveAnnouncement(from, announcement, now);
	}

	/**
	 * An ack to a line's author, if it is the peer of one of our links and
	 * reads ACK frames (only an author waits for acks, and only from its
	 * own links), whichever link the line came by: under Plumtree a lazy
	 * link's peer gets the line through the tree, not from its author.
	 */
	#ack(author: PeerKey, envelope: ChatEnvelope): CoreEffect[] {
		return this.#own.acknowledges(author)
			? [{type: 'ack', to: author, seq: envelope.seq}]
			: [];
	}

	/**
	 * The broadcast layer's effects, with its deliveries of bridged lines
	 * judged once more (`legacy-lines.ts`): our own line come back, or an
	 * echo of one shown already, is passed on (the broadcast did that) but
	 * not shown.
	 */
	#relayed(effects: Array<MeshEffect<MeshPayload>>, now: number): CoreEffect[] {
		const out: CoreEffect[] = [];
		for (const effect of effects) {
			if (effect.type !== 'deliver') {
				out.push(effect);
				continue;
			}

			const {message} = effect;
			const verdict =
				message.kind === 'chat'
					? 'show'
					: this.#legacy.delivered(message.line, now);
			if (verdict === 'show') {
				// Shown means kept: catch-up counts it as held from now on.
				const time =
					message.kind === 'chat'
						? message.envelope.timestamp
						: message.line.timestamp;
				this.#catchUp?.add({time, id: effect.id}, now);
				out.push(effect);
			} else if (verdict === 'own-line') {
				out.push({
					type: 'dropped',
					from: effect.from,
					frame: 'bridged',
					reason: {kind: 'impersonation'},
				});
			}
		}

		return out;
	}

	#legacyLine(
		source: PeerAddress,
		text: string,
		bridge: boolean,
		now: number,
	): CoreEffect[] {
		// Another node may have bridged this very line to us first.
		if (!this.#legacy.direct(source, text, now)) return [];

		if (!bridge) {
			return [{type: 'deliver-legacy', source, text, bridged: undefined}];
		}

		// Into the mesh, signed by us as its bridge (we vouch only that it
		// arrived); kept as that signed line, so catch-up can serve it.
		const line = this.#options.signer.bridge(source, text, now);
		const id = this.#options.verifier.bridgedId(line);
		this.#catchUp?.add({time: line.timestamp, id}, now);
		return [
			{type: 'deliver-legacy', source, text, bridged: {id, line}},
			...this.#mesh.publish(id, {kind: 'bridged', line}, now),
		];
	}
}
