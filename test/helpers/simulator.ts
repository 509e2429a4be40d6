/**
 * A deterministic simulator for the mesh: the node core the program runs
 * (`source/protocol/node-core.ts`: membership, relay, intake) on many nodes,
 * driven through the same events as the runtime, with no sockets. Discrete
 * events on one clock, a latency per link, seeded randomness: a seed gives
 * the same run every time, and `withSimulator` prints it when an assertion
 * fails. Signatures are simulated: a genuine one starts with byte 1.
 *
 * Links behave like the node's TCP links: in order per direction, a dial
 * takes a round trip (handshake) or fails (refused at once by a dead host,
 * timed out by a frozen or partitioned one), a closed link is noticed at
 * once on a kill and after the idle timeout when a host freezes or the
 * network splits.
 */
import {createHash} from 'node:crypto';
import {Buffer} from 'node:buffer';
import process from 'node:process';
import type {CatchUpConfig} from '../../source/protocol/catch-up.js';
import {
	defaultMeshConfig,
	type MeshConfig,
} from '../../source/protocol/mesh-config.js';
import type {
	CoreEffect,
	CoreEvent,
	DropReason,
	LineOutcome,
	MeshFrame,
	MeshPayload,
	Verifier,
} from '../../source/protocol/core-types.js';
import type {PeerKey} from '../../source/protocol/flood.js';
import type {
	Announcement,
	PeerAddress,
	UnsignedAnnouncement,
} from '../../source/protocol/gossip-messages.js';
import {keyBytes, peerKeyOf} from '../../source/protocol/peer-key.js';
import {
	encodeFrame,
	type ChatEnvelope,
	type NativeFrame,
} from '../../source/protocol/native-frames.js';
import {NodeCore} from '../../source/protocol/node-core.js';
import {EventQueue, seededRandom} from './event-queue.js';
import {asIp} from './ip.js';

/** A simulated signature: genuine ones start with 1, forged ones with 0. */
export const genuine = new Uint8Array(64).fill(1);
export const forged = new Uint8Array(64);

/** Hex SHA-256 of `text`: ids look like the program's (catch-up sorts and sums them). */
function hashed(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * A simulated announcement signature: genuine (starts with 1), with a hash
 * of what it signs in bytes 1 to 8, so an announcement rebuilt from a
 * digest (`expandDigest`) onto the wrong base fails its check here as it
 * would with ed25519.
 */
function announcementSignature(unsigned: UnsignedAnnouncement): Uint8Array {
	const signature = new Uint8Array(genuine);
	signature.set(announcementHash(unsigned), 1);
	return signature;
}

function announcementHash(unsigned: UnsignedAnnouncement): Uint8Array {
	const text = [
		peerKeyOf(unsigned.origin),
		unsigned.version,
		unsigned.nick,
		unsigned.leaving,
		...unsigned.links.map(
			(link) => `${peerKeyOf(link.key)}@${link.ip}:${link.port}`,
		),
		...unsigned.legacy.map((host) => `${host.ip}:${host.port}`),
	].join('/');
	return createHash('sha256').update(text).digest().subarray(0, 8);
}

/** Hand-made announcements in tests carry `genuine` (no hash): taken as signed. */
function verifyAnnouncement(announcement: Announcement): boolean {
	const {signature} = announcement;
	if (signature[0] !== 1) return false;
	const tag = signature.subarray(1, 9);
	return (
		tag.every((byte) => byte === 1) ||
		Buffer.from(tag).equals(announcementHash(announcement))
	);
}

/**
 * The simulated cryptography: an id covers every signed field (never the
 * signature, as sha256 over the signed bytes does not), and a signature
 * verifies when it starts with 1.
 */
export const simVerifier: Verifier = {
	chatId: (envelope) =>
		hashed(
			`${peerKeyOf(envelope.author)}/${envelope.seq}/${envelope.timestamp}/${envelope.nick}/${envelope.text}`,
		),
	bridgedId: (line) =>
		hashed(
			`${peerKeyOf(line.bridge)}/${line.seq}/${line.timestamp}/${line.text}`,
		),
	verifyChat: (envelope) => envelope.signature[0] === 1,
	verifyBridged: (line) => line.signature[0] === 1,
	verifyAnnouncement,
};

export type SimOptions = {
	readonly seed: number;
	readonly config?: MeshConfig;
	/** One-way latency of a link, drawn once per link from this range (ms). */
	readonly latencyMs?: readonly [number, number];
	/** A dial to a frozen or unreachable host gives up after this long. */
	readonly dialTimeoutMs?: number;
	/** A silent peer (frozen, partitioned) is noticed after this long. */
	readonly idleTimeoutMs?: number;
	/** Events the whole run may take, so a livelock fails instead of hanging. */
	readonly maxEvents?: number;
	/** Every node catches up with these settings (none: no node does). */
	readonly catchUp?: CatchUpConfig;
	/** Count the encoded bytes of announcement frames (`traffic.announceBytes`; benchmarks). */
	readonly measureBytes?: boolean;
};

type SimNode = {
	readonly key: PeerKey;
	readonly name: string;
	readonly address: PeerAddress;
	readonly core: NodeCore;
	/** What the core dropped, in order. */
	readonly drops: DropReason[];
	state: 'up' | 'dead' | 'frozen';
	/** Like the driver, a node keeps one timer: a newer one replaces it. */
	timer: number;
	/**
	 * How it treats acknowledgements: `yes` (this program), `silent` (says
	 * in its HELLO that it acks, never does), `no` (predates ACK).
	 */
	readonly acks: SimAcks;
	/** It reads announcement digests (false: an older node). */
	readonly digests: boolean;
	/** The outcomes of its own lines, in the order they settled. */
	readonly settled: LineOutcome[];
	/** The lines it holds, by id, as its store would (what catch-up serves). */
	readonly held: Map<string, MeshPayload>;
	/**
	 * It speaks Plumtree (its config says so, and it is not an older node):
	 * it says TREE-HELLO on each new link, as the runtime does.
	 */
	readonly tree: boolean;
};

/** How a simulated node treats acknowledgements (see `SimNode.acks`). */
export type SimAcks = 'yes' | 'silent' | 'no';

type SimLink = {
	readonly a: PeerKey;
	readonly b: PeerKey;
	readonly latency: number;
	open: boolean;
	/** Closed abruptly: frames still in flight are lost. */
	lost: boolean;
	/** Per direction: when the last frame arrives, so frames stay in order. */
	readonly lastArrival: Map<PeerKey, number>;
	/** Per receiving end: it reads nothing before this time (a `pace` effect). */
	readonly pausedUntil: Map<PeerKey, number>;
};

export class Simulator {
	readonly seed: number;
	readonly queue = new EventQueue();
	readonly nodes = new Map<PeerKey, SimNode>();
	/** Message id -> node key -> times delivered. */
	readonly deliveries = new Map<string, Map<PeerKey, number>>();

	/** Every dial a node's core asked for, by node: the addresses, in order. */
	readonly dials = new Map<PeerKey, string[]>();
	/** Every message frame, announcement frame and ACK frame sent. */
	readonly traffic = {
		messages: 0,
		announcements: 0,
		acks: 0,
		paced: 0,
		/** SYNC frames, and the bytes of their ranges and wants (ids as 32 bytes). */
		syncs: 0,
		/** Lines served by catch-up. */
		synced: 0,
		/** Plumtree's control frames. */
		ihave: 0,
		graft: 0,
		prune: 0,
		/** Announcements sent as digests (counted apart from `announcements`). */
		digests: 0,
		/** WANT frames: a digest came to a node without what it repeats. */
		wants: 0,
		/** Bytes of ANNOUNCE, DIGEST and WANT frames, with `measureBytes`. */
		announceBytes: 0,
	};

	/** Message id -> node key -> times it came by catch-up. */
	readonly caughtUp = new Map<string, Map<PeerKey, number>>();
	/** Message id -> its author. */
	readonly authors = new Map<string, PeerKey>();
	/** Seeded draws for the test itself (which node bootstraps from which). */
	readonly random: () => number;
	readonly #random: () => number;
	readonly #options: Required<Omit<SimOptions, 'catchUp'>> &
		Pick<SimOptions, 'catchUp'>;

	readonly #links = new Map<string, SimLink>();
	readonly #byAddress = new Map<string, PeerKey>();
	/** Lines published, by id, for tests that replay them. */
	readonly #sent = new Map<string, ChatEnvelope>();
	#group: Map<PeerKey, number> | undefined;
	#messages = 0;

	constructor(options: SimOptions) {
		this.seed = options.seed;
		this.#options = {
			config: defaultMeshConfig,
			latencyMs: [2, 40],
			dialTimeoutMs: 3000,
			idleTimeoutMs: 8000,
			maxEvents: 20_000_000,
			measureBytes: false,
			...options,
		};
		this.#random = seededRandom(options.seed);
		this.random = seededRandom(options.seed + 1_000_003);
	}

	get now(): number {
		return this.queue.now;
	}

	/** Start a node; with `bootstrap`, it dials that node's address (as `--bootstrap` does). */
	/**
	 * A node joining through `bootstrap`; `digests` false: one that predates
	 * announcement digests (it never says it reads them).
	 */
	addNode(bootstrap?: PeerKey, acks: SimAcks = 'yes', digests = true): PeerKey {
		const index = this.nodes.size;
		const key = randomKey(this.#random);
		const address = {
			ip: asIp(`10.0.${Math.floor(index / 256)}.${index % 256}`),
			port: 1248,
		};
		const core = new NodeCore({
			self: key,
			nick: `n${index}`,
			config: this.#options.config,
			random: this.#random,
			signer: {
				announce: (unsigned) => ({
					...unsigned,
					signature: announcementSignature(unsigned),
				}),
				bridge: (source, text, now) => ({
					bridge: keyBytes(key),
					bridgeNick: `n${index}`,
					source,
					timestamp: now,
					seq: now,
					text,
					signature: genuine,
				}),
			},
			verifier: simVerifier,
			secret: false,
			isOwnAddress: (own) => own.ip === address.ip && own.port === address.port,
			catchUp: this.#options.catchUp,
		});
		const node: SimNode = {
			key,
			name: `n${index}`,
			address,
			core,
			drops: [],
			state: 'up',
			timer: 0,
			acks,
			digests,
			settled: [],
			held: new Map(),
			tree: this.#options.config.broadcast === 'plumtree' && acks !== 'no',
		};
		this.nodes.set(key, node);
		this.#byAddress.set(addressId(address), key);
		this.#handle(node, {type: 'start'});
		if (bootstrap) {
			this.#dial(node, this.nodes.get(bootstrap)!.address, undefined);
		}

		return key;
	}

	/** A line by `key`, signed (genuinely, unless the test says otherwise), not sent. */
	envelope(key: PeerKey, overrides: Partial<ChatEnvelope> = {}): ChatEnvelope {
		const node = this.#node(key);
		return {
			author: keyBytes(key),
			nick: node.name,
			timestamp: this.now,
			seq: ++this.#messages,
			text: `m${this.#messages}`,
			signature: genuine,
			...overrides,
		};
	}

	/** `key` writes a line (a new one, unless given); returns its id. */
	publish(key: PeerKey, envelope = this.envelope(key)): string {
		const id = simVerifier.chatId(envelope);
		this.deliveries.set(id, new Map());
		this.authors.set(id, key);
		this.#sent.set(id, envelope);
		const node = this.#node(key);
		node.held.set(id, {kind: 'chat', envelope});
		this.#handle(node, {type: 'publish', envelope});
		return id;
	}

	/** The line published as `id`. */
	sent(id: string): ChatEnvelope {
		const envelope = this.#sent.get(id);
		if (!envelope) throw new Error(`no line ${id} was published`);
		return envelope;
	}

	/**
	 * `to` receives `frame` on its link from `from`, as a hostile or broken
	 * peer could send it (the link must be up). Returns the frame's id, if
	 * a chat line, so a test can count its deliveries.
	 */
	inject(to: PeerKey, from: PeerKey, frame: MeshFrame): string | undefined {
		const id =
			frame.kind === 'chat'
				? simVerifier.chatId(frame.envelope)
				: frame.kind === 'bridged'
					? simVerifier.bridgedId(frame.line)
					: undefined;
		if (id !== undefined && !this.deliveries.has(id)) {
			this.deliveries.set(id, new Map());
		}

		this.#handle(this.#node(to), {type: 'frame', from, frame});
		return id;
	}

	/** What became of `key`'s own lines so far, in the order they settled. */
	settled(key: PeerKey): readonly LineOutcome[] {
		return this.#node(key).settled;
	}

	/** What `key`'s core dropped so far. */
	drops(key: PeerKey): readonly DropReason[] {
		return this.#node(key).drops;
	}

	/** Quit cleanly: say goodbye, then close every link. */
	leave(key: PeerKey): void {
		const node = this.#node(key);
		this.#handle(node, {type: 'leave'});
		for (const link of this.#linksOf(key)) this.#end(link);
		node.state = 'dead';
	}

	/** Kill -9: the kernel closes its sockets, peers notice at once. */
	kill(key: PeerKey): void {
		this.nodes.get(key)!.state = 'dead';
		for (const link of this.#linksOf(key)) this.#close(link, 0);
	}

	/** SIGSTOP: sockets stay open but silent; peers notice at their idle timeout. */
	freeze(key: PeerKey): void {
		this.nodes.get(key)!.state = 'frozen';
		for (const link of this.#linksOf(key)) {
			this.#close(link, this.#options.idleTimeoutMs);
		}
	}

	/**
	 * SIGCONT after `freeze`: the node runs again, finds the links its
	 * peers closed meanwhile closed (as its sockets would report), and its
	 * timer fires.
	 */
	thaw(key: PeerKey): void {
		const node = this.#node(key);
		node.state = 'up';
		for (const peer of node.core.links) {
			if (!this.#links.get(pairId(key, peer))?.open) {
				this.#handle(node, {type: 'link-down', key: peer});
			}
		}

		node.timer++;
		this.#handle(node, {type: 'timer'});
	}

	/** Split the network: links between groups go silent, dials across time out. */
	partition(groups: ReadonlyArray<readonly PeerKey[]>): void {
		this.#group = new Map();
		for (const [index, group] of groups.entries()) {
			for (const key of group) this.#group.set(key, index);
		}

		for (const link of this.#links.values()) {
			if (link.open && !this.#canTalk(link.a, link.b)) {
				this.#close(link, this.#options.idleTimeoutMs);
			}
		}
	}

	heal(): void {
		this.#group = undefined;
	}

	/** Advance the clock by `ms`, running everything due. */
	run(ms: number): void {
		this.queue.runUntil(this.now + ms, this.#options.maxEvents);
	}

	/** Advance in steps until `done()` holds; the time it took, or throw after `maxMs`. */
	runUntil(done: () => boolean, maxMs: number, stepMs = 100): number {
		const start = this.now;
		for (let elapsed = 0; elapsed <= maxMs; elapsed += stepMs) {
			if (done()) return this.now - start;
			this.run(stepMs);
		}

		throw new Error(`condition not met within ${maxMs} ms of simulated time`);
	}

	/** Nodes that are up. */
	live(): SimNode[] {
		return [...this.nodes.values()].filter((node) => node.state === 'up');
	}

	linkCount(key: PeerKey): number {
		return this.#node(key).core.links.length;
	}

	#count(frame: NativeFrame): void {
		if (this.#options.measureBytes) {
			this.traffic.announceBytes += encodeFrame(frame).length;
		}
	}

	#node(key: PeerKey): SimNode {
		const node = this.nodes.get(key);
		if (!node) throw new Error(`no node ${key.slice(0, 8)} in the simulation`);
		return node;
	}

	/** The one way into a node, as in the runtime: an event, now, then its effects. */
	#handle(node: SimNode, event: CoreEvent): void {
		for (const effect of node.core.handle(event, this.now)) {
			this.#applyOne(node, effect);
		}
	}

	#applyOne(node: SimNode, effect: CoreEffect): void {
		switch (effect.type) {
			case 'send-announcement': {
				this.traffic.announcements++;
				this.#count({type: 'announce', announcement: effect.announcement});
				const frame = {
					kind: 'announce',
					announcement: effect.announcement,
				} as const;
				this.#send(node, effect.to, frame);
				break;
			}

			case 'send-digest': {
				this.traffic.digests++;
				this.#count({type: 'digest', digest: effect.digest});
				this.#send(node, effect.to, {kind: 'digest', digest: effect.digest});
				break;
			}

			case 'send-want': {
				this.traffic.wants++;
				this.#count({type: 'want', origin: effect.origin});
				this.#send(node, effect.to, {kind: 'want', origin: effect.origin});
				break;
			}

			case 'send-features': {
				this.#send(node, effect.to, {kind: 'features', digests: true});
				break;
			}

			case 'send-message': {
				this.traffic.messages++;
				// The hop count goes only to a peer that speaks Plumtree (HOPPED-CHAT).
				const tree = this.nodes.get(effect.to)?.tree === true && node.tree;
				this.#send(
					node,
					effect.to,
					tree ? {...effect.message, hops: effect.hops} : effect.message,
				);
				break;
			}

			case 'send-tree': {
				// A peer that does not speak Plumtree would skip it (a lost line): a bug here.
				if (!this.nodes.get(effect.to)?.tree || !node.tree) {
					throw new Error(
						`${node.name} sent ${effect.frame.kind} to a peer that does not speak Plumtree`,
					);
				}

				this.traffic[effect.frame.kind]++;
				this.#send(node, effect.to, {kind: 'tree', control: effect.frame});
				break;
			}

			case 'deliver': {
				const counts = this.deliveries.get(effect.id);
				counts?.set(node.key, (counts.get(node.key) ?? 0) + 1);
				node.held.set(effect.id, effect.message);
				break;
			}

			case 'caught-up': {
				const counts =
					this.caughtUp.get(effect.id) ?? new Map<PeerKey, number>();
				counts.set(node.key, (counts.get(node.key) ?? 0) + 1);
				this.caughtUp.set(effect.id, counts);
				node.held.set(effect.id, effect.message);
				break;
			}

			case 'send-sync': {
				this.traffic.syncs++;
				this.#send(node, effect.to, {kind: 'sync', message: effect.message});
				break;
			}

			case 'serve-lines': {
				for (const id of effect.ids) {
					const payload = node.held.get(id);
					if (!payload) continue;
					this.traffic.synced++;
					this.#send(node, effect.to, {kind: 'synced', payload});
				}

				break;
			}

			case 'deliver-legacy': {
				// No legacy hosts in the simulation.
				break;
			}

			case 'dropped': {
				node.drops.push(effect.reason);
				break;
			}

			case 'dial': {
				const log = this.dials.get(node.key) ?? [];
				log.push(addressId(effect.address));
				this.dials.set(node.key, log);
				this.#dial(node, effect.address, effect.key);
				break;
			}

			case 'disconnect': {
				const link = this.#links.get(pairId(node.key, effect.key));
				if (link?.open) this.#end(link);
				break;
			}

			case 'timer': {
				const timer = ++node.timer;
				this.queue.at(effect.at, () => {
					if (node.state === 'up' && node.timer === timer) {
						this.#handle(node, {type: 'timer'});
					}
				});
				break;
			}

			case 'peers-changed': {
				break;
			}

			case 'ack': {
				this.#ack(node, effect.to, effect.seq);
				break;
			}

			case 'line-settled': {
				node.settled.push(effect.outcome);
				break;
			}

			case 'pace': {
				this.#pace(node, effect.key, effect.until);
				break;
			}
		}
	}

	#ack(node: SimNode, to: PeerKey, seq: number): void {
		// A node that predates ACK closes the link on one (a bug here).
		if (this.nodes.get(to)?.acks === 'no') {
			throw new Error(`${node.name} acked a line of an older node`);
		}

		if (node.acks === 'yes') {
			this.traffic.acks++;
			this.#send(node, to, {kind: 'ack', seqs: [seq]});
		}
	}

	/** `node` reads nothing from `key` before `until`: the sender's frames wait (TCP would hold them). */
	#pace(node: SimNode, key: PeerKey, until: number): void {
		const link = this.#links.get(pairId(node.key, key));
		if (!link) return;
		link.pausedUntil.set(
			node.key,
			Math.max(link.pausedUntil.get(node.key) ?? 0, until),
		);
		this.traffic.paced++;
	}

	#send(from: SimNode, to: PeerKey, frame: MeshFrame): void {
		const link = this.#links.get(pairId(from.key, to));
		if (!link?.open) return;
		const arrival = Math.max(
			this.now + link.latency,
			link.lastArrival.get(to) ?? 0,
			link.pausedUntil.get(to) ?? 0,
		);
		link.lastArrival.set(to, arrival);
		this.queue.at(arrival, () => {
			const target = this.#node(to);
			if (link.lost || target.state !== 'up') return;
			this.#handle(target, {type: 'frame', from: from.key, frame});
		});
	}

	#dial(
		node: SimNode,
		address: PeerAddress,
		expected: PeerKey | undefined,
	): void {
		const targetKey = this.#byAddress.get(addressId(address));
		const target = targetKey ? this.nodes.get(targetKey) : undefined;
		const latency = this.#latency();
		const fail = (after: number) => {
			this.queue.at(this.now + after, () => {
				if (node.state === 'up' && expected) {
					this.#handle(node, {type: 'dial-failed', key: expected});
				}
			});
		};

		if (!target || target.state === 'dead') {
			fail(latency * 2);
			return;
		}

		if (target.state === 'frozen' || !this.#canTalk(node.key, target.key)) {
			fail(this.#options.dialTimeoutMs);
			return;
		}

		// Handshake: a round trip, then both ends see the link up.
		this.queue.at(this.now + latency * 2, () => {
			if (node.state !== 'up' || target.state !== 'up') {
				if (expected) fail(0);
				return;
			}

			this.#connect(node, target, latency);
		});
	}

	#connect(node: SimNode, target: SimNode, latency: number): void {
		const id = pairId(node.key, target.key);
		let link = this.#links.get(id);
		if (!link?.open) {
			link = {
				a: node.key,
				b: target.key,
				latency,
				open: true,
				lost: false,
				lastArrival: new Map(),
				pausedUntil: new Map(),
			};
			this.#links.set(id, link);
			this.#handle(target, {
				type: 'link-up',
				key: node.key,
				address: node.address,
				nick: node.name,
				acks: node.acks !== 'no',
				sync: this.#options.catchUp !== undefined,
				extensions: node.digests && target.digests,
			});
			// Each end says TREE-HELLO once it has read the other's HELLO.
			if (node.tree && target.tree) {
				this.#send(node, target.key, {kind: 'tree-hello'});
				this.#send(target, node.key, {kind: 'tree-hello'});
			}
		}

		// Also when a link already existed: the dialer learns its dial is settled.
		this.#handle(node, {
			type: 'link-up',
			key: target.key,
			address: target.address,
			nick: target.name,
			acks: target.acks !== 'no',
			sync: this.#options.catchUp !== undefined,
			extensions: node.digests && target.digests,
		});
	}

	/** Close a link gracefully: what was sent still arrives, then both ends see it close. */
	#end(link: SimLink): void {
		if (!link.open) return;
		link.open = false;
		for (const key of [link.a, link.b]) {
			const drained = Math.max(this.now, link.lastArrival.get(key) ?? 0);
			this.#notice(link, key, drained + link.latency - this.now);
		}
	}

	/** Cut a link; what is in flight is lost, and each live end notices after `detectMs`. */
	#close(link: SimLink, detectMs: number): void {
		if (!link.open) return;
		link.open = false;
		link.lost = true;
		for (const key of [link.a, link.b]) this.#notice(link, key, detectMs);
	}

	/** `key`'s end of `link` sees it close after `afterMs` (unless a new link replaced it). */
	#notice(link: SimLink, key: PeerKey, afterMs: number): void {
		const other = key === link.a ? link.b : link.a;
		this.queue.at(this.now + afterMs, () => {
			const node = this.nodes.get(key)!;
			const current = this.#links.get(pairId(link.a, link.b)) === link;
			if (node.state === 'up' && current) {
				this.#handle(node, {type: 'link-down', key: other});
			}
		});
	}

	#linksOf(key: PeerKey): SimLink[] {
		return [...this.#links.values()].filter(
			(link) => link.open && (link.a === key || link.b === key),
		);
	}

	#canTalk(a: PeerKey, b: PeerKey): boolean {
		return !this.#group || this.#group.get(a) === this.#group.get(b);
	}

	#latency(): number {
		const [low, high] = this.#options.latencyMs;
		return low + Math.floor(this.#random() * (high - low + 1));
	}
}

/**
 * Run `body` with a simulator seeded from SIM_SEED or `defaultSeed`, and put
 * the seed in the message of anything it throws, so a failure can be replayed.
 */
/**
 * A chain of `count` nodes, each bootstrapped from the one before, run until
 * every node reaches every other; their keys, in the order they joined.
 */
export function convergedChain(sim: Simulator, count: number): PeerKey[] {
	const keys: PeerKey[] = [sim.addNode()];
	for (let index = 1; index < count; index++) {
		sim.run(20);
		keys.push(sim.addNode(keys[index - 1]));
	}

	sim.runUntil(
		() => sim.live().every((node) => node.core.reachable().size === count - 1),
		30_000,
	);
	return keys;
}

export function withSimulator(
	defaultSeed: number,
	options: Omit<SimOptions, 'seed'>,
	body: (sim: Simulator) => void,
): void {
	const seed = Number(process.env['SIM_SEED'] ?? defaultSeed);
	const sim = new Simulator({...options, seed});
	try {
		body(sim);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(
			`${message}\n(simulator seed ${seed}: rerun with SIM_SEED=${seed})`,
			{cause: error},
		);
	}
}

function randomKey(random: () => number): PeerKey {
	const bytes = new Uint8Array(32);
	for (let index = 0; index < 32; index++) {
		bytes[index] = Math.floor(random() * 256);
	}

	return peerKeyOf(bytes);
}

function pairId(a: PeerKey, b: PeerKey): string {
	return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function addressId(address: PeerAddress): string {
	return `${address.ip}:${address.port}`;
}
