/**
 * One node's view of the mesh: membership (who exists, which links to keep)
 * plus a broadcast strategy over those links (flooding now; Plumtree later
 * implements the same `Broadcast` interface). Both are sans-IO: this class
 * routes each event to them and returns their effects in one list, which the
 * node core (`node-core.ts`) passes on to its runtime, in order.
 */
import {
	Flood,
	type Broadcast,
	type BroadcastEffect,
	type PeerKey,
} from './flood.js';
import type {
	Announcement,
	PeerAddress,
	UnsignedAnnouncement,
} from './gossip-messages.js';
import type {MeshConfig} from './mesh-config.js';
import {Membership, type MembershipEffect} from './membership.js';

/** Everything a mesh can ask its driver to do. */
export type MeshEffect<M> = MembershipEffect | BroadcastEffect<M>;

export type MeshOptions<M> = {
	/** This node's key, hex. */
	readonly self: PeerKey;
	readonly nick: string;
	readonly config: MeshConfig;
	readonly sign: (unsigned: UnsignedAnnouncement) => Announcement;
	readonly random: () => number;
	/** The broadcast strategy (default: flooding). */
	readonly broadcast?: Broadcast<M>;
};

export class Mesh<M> {
	readonly membership: Membership;
	readonly broadcast: Broadcast<M>;

	constructor(options: MeshOptions<M>) {
		this.membership = new Membership(options);
		this.broadcast = options.broadcast ?? new Flood<M>();
	}

	start(now: number): Array<MeshEffect<M>> {
		return this.membership.start(now);
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
		return effects;
	}

	linkDown(key: PeerKey, now: number): Array<MeshEffect<M>> {
		this.broadcast.neighborDown(key);
		return this.membership.linkDown(key, now);
	}

	dialFailed(key: PeerKey, now: number): Array<MeshEffect<M>> {
		return this.membership.dialFailed(key, now);
	}

	/** A verified announcement arrived on the link to `from`. */
	receiveAnnouncement(
		from: PeerKey,
		announcement: Announcement,
		now: number,
	): Array<MeshEffect<M>> {
		return this.membership.receive(from, announcement, now);
	}

	/** A message this node wrote (or bridged in from a legacy host). */
	publish(id: string, message: M, now: number): Array<MeshEffect<M>> {
		return this.broadcast.publish(id, message, now);
	}

	/** A verified message arrived on the link to `from`. */
	receiveMessage(
		from: PeerKey,
		id: string,
		message: M,
		now: number,
	): Array<MeshEffect<M>> {
		return this.broadcast.receive(from, id, message, now);
	}

	tick(now: number): Array<MeshEffect<M>> {
		return this.membership.tick(now);
	}

	leave(now: number): Array<MeshEffect<M>> {
		return this.membership.leave(now);
	}
}
