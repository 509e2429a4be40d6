/**
 * One node's view of the mesh: membership (who exists, which links to keep)
 * plus a broadcast strategy over those links (Plumtree, or flooding as the
 * config says; both implement `Broadcast`). Both are sans-IO: this class
 * routes each event to them and returns their effects in one list, which the
 * node core (`node-core.ts`) passes on to its runtime, in order.
 *
 * The driver keeps one timer, and a newer `timer` effect replaces the
 * older: so the membership's wake-ups and the broadcast's deadlines (IHAVE
 * flushes, GRAFT timers) leave here merged, as one `timer` at the sooner
 * of the two, and a wake-up runs only the side that is due.
 */
import {
	defaultFloodOptions,
	Flood,
	type Broadcast,
	type BroadcastEffect,
} from './flood.js';
import type {TreeControl} from './broadcast-types.js';
import type {
	Announcement,
	PeerAddress,
	UnsignedAnnouncement,
} from './gossip-messages.js';
import type {MeshConfig} from './mesh-config.js';
import {Membership, type MembershipEffect} from './membership.js';
import type {PeerKey} from './peer-key.js';
import {Plumtree} from './plumtree.js';

/** Everything a mesh can ask its driver to do. */
export type MeshEffect<M> = MembershipEffect | BroadcastEffect<M>;

export type MeshOptions<M> = {
	/** This node's key, hex. */
	readonly self: PeerKey;
	readonly nick: string;
	readonly config: MeshConfig;
	readonly sign: (unsigned: UnsignedAnnouncement) => Announcement;
	readonly random: () => number;
	/** The broadcast strategy (default: the one `config.broadcast` names). */
	readonly broadcast?: Broadcast<M>;
	/** The memory a payload holds (Plumtree bounds its cache by it). */
	readonly sizeOf?: (message: M) => number;
};

/** The strategy `config.broadcast` names. */
export function broadcastFor<M>(
	config: MeshConfig,
	sizeOf?: (message: M) => number,
): Broadcast<M> {
	return config.broadcast === 'plumtree'
		? new Plumtree<M>(config.plumtree, defaultFloodOptions, sizeOf)
		: new Flood<M>();
}

export class Mesh<M> {
	readonly membership: Membership;
	readonly broadcast: Broadcast<M>;
	/** When membership asked to wake up (its latest `timer` effect). */
	#membershipAt: number | undefined;
	/** The last `timer` this mesh gave its driver. */
	#timerAt: number | undefined;

	constructor(options: MeshOptions<M>) {
		this.membership = new Membership(options);
		this.broadcast =
			options.broadcast ?? broadcastFor<M>(options.config, options.sizeOf);
	}

	start(now: number): Array<MeshEffect<M>> {
		return this.#timed(this.membership.start(now));
	}

	linkUp(
		key: PeerKey,
		address: PeerAddress,
		nick: string,
		now: number,
		extensions: boolean,
	): Array<MeshEffect<M>> {
		const effects = this.membership.linkUp(key, address, nick, now, extensions);
		// A link membership refused (full) carries no broadcast traffic.
		if (this.membership.isLinked(key)) this.broadcast.neighborUp(key);
		return this.#timed(effects);
	}

	/** The peer on the link to `key` speaks Plumtree. */
	speaksTree(key: PeerKey): void {
		this.broadcast.neighborSpeaksTree(key);
	}

	/** The link to `key` cannot keep up: no more eager pushes on it for a while. */
	linkLagging(key: PeerKey, now: number): Array<MeshEffect<M>> {
		this.broadcast.neighborLagging(key, now);
		return [];
	}

	/** The link to `key`, lagging, has caught up: eager again if it was. */
	linkDrained(key: PeerKey): Array<MeshEffect<M>> {
		this.broadcast.neighborDrained(key);
		return [];
	}

	linkDown(key: PeerKey, now: number): Array<MeshEffect<M>> {
		this.broadcast.neighborDown(key);
		return this.#timed(this.membership.linkDown(key, now));
	}

	dialFailed(key: PeerKey, now: number): Array<MeshEffect<M>> {
		return this.#timed(this.membership.dialFailed(key, now));
	}

	/** A verified announcement arrived on the link to `from`. */
	receiveAnnouncement(
		from: PeerKey,
		announcement: Announcement,
		now: number,
	): Array<MeshEffect<M>> {
		return this.#timed(this.membership.receive(from, announcement, now));
	}

	/** A message this node wrote (or bridged in from a legacy host). */
	publish(id: string, message: M, now: number): Array<MeshEffect<M>> {
		return this.#timed(this.broadcast.publish(id, message, now));
	}

	/** A verified message arrived on the link to `from`. */
	receiveMessage(
		from: PeerKey,
		id: string,
		message: M,
		hops: number | undefined,
		now: number,
	): Array<MeshEffect<M>> {
		return this.#timed(this.broadcast.receive(from, id, message, hops, now));
	}

	/** A copy of a message delivered already arrived on the link to `from`. */
	receiveCopy(from: PeerKey): Array<MeshEffect<M>> {
		return this.#timed(this.broadcast.duplicate(from));
	}

	/** A Plumtree control frame arrived on the link to `from`. */
	receiveControl(
		from: PeerKey,
		frame: TreeControl,
		now: number,
	): Array<MeshEffect<M>> {
		return this.#timed(this.broadcast.control(from, frame, now));
	}

	/**
	 * The timer went off: whether membership's wake-up was due (its
	 * regular work, and the node's other periodic checks, run then only).
	 */
	membershipDue(now: number): boolean {
		const at = this.#membershipAt;
		// A wake-up more than a tick away means the clock went back: due.
		return (
			at === undefined || now >= at || at - now > this.membership.config.tickMs
		);
	}

	tick(now: number): Array<MeshEffect<M>> {
		const effects: Array<MeshEffect<M>> = [];
		if (this.membershipDue(now)) {
			this.#membershipAt = undefined;
			effects.push(...this.membership.tick(now));
		}

		effects.push(...this.broadcast.tick(now));
		// The driver's timer has fired: whatever comes next must be given again.
		this.#timerAt = undefined;
		return this.#timed(effects);
	}

	leave(now: number): Array<MeshEffect<M>> {
		return this.#timed(this.membership.leave(now));
	}

	/**
	 * Membership's `timer` effects taken out and one merged `timer` put at
	 * the end, when the sooner deadline changed.
	 */
	#timed(effects: Array<MeshEffect<M>>): Array<MeshEffect<M>> {
		const out: Array<MeshEffect<M>> = [];
		for (const effect of effects) {
			if (effect.type === 'timer') this.#membershipAt = effect.at;
			else out.push(effect);
		}

		const broadcastAt = this.broadcast.nextDeadline();
		const at =
			this.#membershipAt === undefined
				? broadcastAt
				: broadcastAt === undefined
					? this.#membershipAt
					: Math.min(this.#membershipAt, broadcastAt);
		if (at !== undefined && at !== this.#timerAt) {
			this.#timerAt = at;
			out.push({type: 'timer', at});
		}

		return out;
	}
}
