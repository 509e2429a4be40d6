/**
 * A deterministic simulator for the mesh: the real protocol code
 * (`source/protocol/mesh.ts`) on many nodes, with no sockets. Discrete
 * events on one clock, a latency per link, seeded randomness: a seed gives
 * the same run every time, and `simTest` prints it when an assertion fails.
 *
 * Links behave like the node's TCP links: in order per direction, a dial
 * takes a round trip (handshake) or fails (refused at once by a dead host,
 * timed out by a frozen or partitioned one), a closed link is noticed at
 * once on a kill and after the idle timeout when a host freezes or the
 * network splits.
 */
import process from 'node:process';
import {
	defaultMeshConfig,
	type MeshConfig,
} from '../../source/protocol/mesh-config.js';
import {Mesh, type MeshEffect} from '../../source/protocol/mesh.js';
import type {PeerKey} from '../../source/protocol/flood.js';
import type {PeerAddress} from '../../source/protocol/gossip-messages.js';
import {EventQueue, seededRandom} from './event-queue.js';
import {asIp} from './ip.js';

/** A chat message in the simulation. */
export type SimMessage = {
	readonly id: string;
	readonly author: PeerKey;
	readonly sentAt: number;
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
};

type SimNode = {
	readonly key: PeerKey;
	readonly name: string;
	readonly address: PeerAddress;
	readonly mesh: Mesh<SimMessage>;
	state: 'up' | 'dead' | 'frozen';
	/** Like the driver, a node keeps one timer: a newer one replaces it. */
	timer: number;
};

type SimLink = {
	readonly a: PeerKey;
	readonly b: PeerKey;
	readonly latency: number;
	open: boolean;
	/** Closed abruptly: frames still in flight are lost. */
	lost: boolean;
	/** Per direction: when the last frame arrives, so frames stay in order. */
	readonly lastArrival: Map<PeerKey, number>;
};

export class Simulator {
	readonly seed: number;
	readonly queue = new EventQueue();
	readonly nodes = new Map<PeerKey, SimNode>();
	/** Message id -> node key -> times delivered. */
	readonly deliveries = new Map<string, Map<PeerKey, number>>();
	/** Every message frame and announcement frame sent. */
	readonly traffic = {messages: 0, announcements: 0};
	/** Message id -> its author. */
	readonly authors = new Map<string, PeerKey>();
	/** Seeded draws for the test itself (which node bootstraps from which). */
	readonly random: () => number;
	readonly #random: () => number;
	readonly #options: Required<SimOptions>;
	readonly #links = new Map<string, SimLink>();
	readonly #byAddress = new Map<string, PeerKey>();
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
			...options,
		};
		this.#random = seededRandom(options.seed);
		this.random = seededRandom(options.seed + 1_000_003);
	}

	get now(): number {
		return this.queue.now;
	}

	/** Start a node; with `bootstrap`, it dials that node's address (as `--bootstrap` does). */
	addNode(bootstrap?: PeerKey): PeerKey {
		const index = this.nodes.size;
		const key = randomKey(this.#random);
		const address = {
			ip: asIp(`10.0.${Math.floor(index / 256)}.${index % 256}`),
			port: 1248,
		};
		const mesh = new Mesh<SimMessage>({
			self: key,
			nick: `n${index}`,
			config: this.#options.config,
			random: this.#random,
			sign: (unsigned) => ({...unsigned, signature: new Uint8Array(64)}),
		});
		const node: SimNode = {
			key,
			name: `n${index}`,
			address,
			mesh,
			state: 'up',
			timer: 0,
		};
		this.nodes.set(key, node);
		this.#byAddress.set(addressId(address), key);
		this.#apply(node, mesh.start(this.now));
		if (bootstrap) {
			this.#dial(node, this.nodes.get(bootstrap)!.address, undefined);
		}

		return key;
	}

	/** `key` writes a line; returns its id. */
	publish(key: PeerKey): string {
		const node = this.nodes.get(key)!;
		const message = {id: `m${this.#messages++}`, author: key, sentAt: this.now};
		this.deliveries.set(message.id, new Map());
		this.authors.set(message.id, key);
		this.#apply(node, node.mesh.publish(message.id, message, this.now));
		return message.id;
	}

	/** Quit cleanly: say goodbye, then close every link. */
	leave(key: PeerKey): void {
		const node = this.nodes.get(key)!;
		this.#apply(node, node.mesh.leave(this.now));
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
		return this.nodes.get(key)!.mesh.membership.links.length;
	}

	#apply(node: SimNode, effects: Array<MeshEffect<SimMessage>>): void {
		for (const effect of effects) {
			this.#applyOne(node, effect);
		}
	}

	#applyOne(node: SimNode, effect: MeshEffect<SimMessage>): void {
		switch (effect.type) {
			case 'send-announcement': {
				this.traffic.announcements++;
				this.#send(node, effect.to, (to, at) =>
					to.mesh.receiveAnnouncement(node.key, effect.announcement, at),
				);
				break;
			}

			case 'send-message': {
				this.traffic.messages++;
				this.#send(node, effect.to, (to, at) =>
					to.mesh.receiveMessage(
						node.key,
						effect.message.id,
						effect.message,
						at,
					),
				);
				break;
			}

			case 'deliver': {
				const counts = this.deliveries.get(effect.message.id)!;
				counts.set(node.key, (counts.get(node.key) ?? 0) + 1);
				break;
			}

			case 'dial': {
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
						this.#apply(node, node.mesh.tick(this.now));
					}
				});
				break;
			}

			case 'peers-changed': {
				break;
			}
		}
	}

	#send(
		from: SimNode,
		to: PeerKey,
		receive: (node: SimNode, at: number) => Array<MeshEffect<SimMessage>>,
	): void {
		const link = this.#links.get(pairId(from.key, to));
		if (!link?.open) return;
		const arrival = Math.max(
			this.now + link.latency,
			link.lastArrival.get(to) ?? 0,
		);
		link.lastArrival.set(to, arrival);
		this.queue.at(arrival, () => {
			const target = this.nodes.get(to)!;
			if (link.lost || target.state !== 'up') return;
			this.#apply(target, receive(target, this.now));
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
					this.#apply(node, node.mesh.dialFailed(expected, this.now));
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
			};
			this.#links.set(id, link);
			this.#apply(target, target.mesh.linkUp(node.key, node.address, this.now));
		}

		// Also when a link already existed: the dialer learns its dial is settled.
		this.#apply(node, node.mesh.linkUp(target.key, target.address, this.now));
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
				this.#apply(node, node.mesh.linkDown(other, this.now));
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
	let hex = '';
	for (let index = 0; index < 32; index++) {
		hex += Math.floor(random() * 256)
			.toString(16)
			.padStart(2, '0');
	}

	return hex;
}

function pairId(a: PeerKey, b: PeerKey): string {
	return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function addressId(address: PeerAddress): string {
	return `${address.ip}:${address.port}`;
}
