/**
 * Every peer the mesh knows, as rows of the host table (so the sidebar lists
 * the whole network, not just this node's links), and what the user is told
 * about them: gone offline, left, back online, a new nick.
 */
import {formatHostPort, type Ip} from '../protocol/address.js';
import {fingerprintOf} from '../protocol/link-choice.js';
import type {HostRecord} from '../protocol/host-table.js';
import type {PeerInfo} from '../protocol/membership.js';
import type {CoreView} from '../protocol/node-core.js';
import type {LinkDialResult} from '../node/native-links.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';

/** What keeping the peer rows takes. */
export type PeerRowsDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	/** What the node core knows of the peers. */
	readonly view: CoreView;
	readonly now: () => number;
	/**
	 * Open a native connection to `ip:port` and report what answered; a
	 * native node's link then comes up like any other (and its row with it).
	 */
	readonly dialNative: (ip: Ip, port: number) => Promise<LinkDialResult>;
};

/**
 * A legacy row where a reachable peer is announced gets one native dial to
 * find out who is really there, at most this often per address: the
 * announcement is only a claim, and a legacy host must not be dialed for
 * every claim.
 */
const recheckEveryMs = 5 * 60 * 1000;
/** Addresses remembered for that (as many as the host table holds). */
const maxRechecked = 1000;

export class PeerRows {
	readonly #deps: PeerRowsDeps;
	/** Keys online at the last sync. */
	#online = new Set<string>();
	/** Keys the user was told went offline, and not yet back. */
	#gone = new Set<string>();
	/** Each key's nick in its newest announcement, at the last sync. */
	#nicks = new Map<string, string>();
	/** Legacy rows dialed natively: when, and whether a legacy host answered. */
	readonly #rechecked = new Map<string, {at: number; legacy: boolean}>();
	#joinTimer: NodeJS.Timeout | undefined;
	#syncPending: NodeJS.Immediate | undefined;
	#stopped = false;

	constructor(deps: PeerRowsDeps) {
		this.#deps = deps;
	}

	/** Bring the table and the notices up to date with the mesh. */
	sync(): void {
		const {report, hosts, view} = this.#deps;
		const now = this.#deps.now();
		const online = new Set<string>();
		const gone = new Set<string>();
		const nicks = new Map<string, string>();
		const wentOffline: string[] = [];
		const left: string[] = [];
		let joining = false;
		for (const peer of view.peers()) {
			this.#list(peer, now);
			const label = `${peer.nick}·${fingerprintOf(peer.key)}`;
			// Only a change between announcements is news: a row's nick may
			// come from a HELLO, newer than the announcement held.
			const before = this.#nicks.get(peer.key);
			if (before !== undefined && before !== peer.nick) {
				report.note(
					`${before}·${fingerprintOf(peer.key)} is now known as ${peer.nick}.`,
				);
			}

			nicks.set(peer.key, peer.nick);
			if (peer.hops === undefined) {
				joining ||= view.isJoining(peer.key, now);
				if (this.#online.has(peer.key)) {
					(peer.left ? left : wentOffline).push(label);
					// It was there until now: "offline 5s ago" counts from here.
					const row = hosts.rowOf(peer.key);
					if (row) hosts.update(row.id, {heardAt: now});
				}

				if (this.#online.has(peer.key) || this.#gone.has(peer.key)) {
					gone.add(peer.key);
				}
			} else {
				online.add(peer.key);
				if (this.#gone.has(peer.key)) report.note(`${label} is back online.`);
			}
		}

		this.#online = online;
		this.#gone = gone;
		this.#nicks = nicks;
		tell(report, left, 'left', 'left');
		tell(report, wentOffline, 'is offline', 'went offline');
		if (joining) this.#redrawAfterJoins();
	}

	/**
	 * Sync once the current burst is over: a chunk from a link can carry
	 * dozens of announcements, each a change among the peers, and a sync
	 * walks every peer. Once per turn of the event loop, the cost of an
	 * announcement no longer grows with the size of the network.
	 */
	syncSoon(): void {
		if (this.#syncPending !== undefined || this.#stopped) return;
		this.#syncPending = setImmediate(() => {
			this.#syncPending = undefined;
			if (this.#stopped) return;
			this.sync();
			this.#deps.report.changed();
		});
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#joinTimer);
		this.#joinTimer = undefined;
		clearImmediate(this.#syncPending);
		this.#syncPending = undefined;
	}

	/**
	 * A peer joining is shown connecting (`Membership.isJoining`); if it
	 * never becomes reachable, its row must turn offline when the grace is
	 * over, even if nothing else changes then.
	 */
	#redrawAfterJoins(): void {
		if (this.#joinTimer !== undefined || this.#stopped) return;
		const {joinGraceMs} = this.#deps.view.config;
		this.#joinTimer = setTimeout(() => {
			this.#joinTimer = undefined;
			this.sync();
			this.#deps.report.changed();
		}, joinGraceMs + 100);
		this.#joinTimer.unref();
	}

	/** Make sure a peer learned from others has a row in the host table. */
	#list(peer: PeerInfo, now: number): void {
		const {hosts, view} = this.#deps;
		const known = hosts.rowOf(peer.key);
		if (known) {
			this.#update(known, peer);
			return;
		}

		if (!peer.address || peer.left) return;
		const {ip, port} = peer.address;
		const id = formatHostPort(ip, port);
		const existing = hosts.get(id);
		const holder = existing?.publicKey;
		if (existing?.dialect === 'legacy') {
			if (peer.hops !== undefined) this.#recheck(id, ip, port, now);
			return;
		}

		if (
			hosts.isSelf(ip, port) ||
			!hosts.hasRoomFor(ip, port) ||
			// Not answered yet (a bootstrap address): our own dial will say who
			// is there. (Once it failed, the peers' word is all we have.)
			(existing?.dialect === 'unknown' &&
				existing.publicKey === undefined &&
				existing.status === 'unknown') ||
			(holder !== undefined && view.reachable().has(holder))
		) {
			// This node, no room, a host we talk to ourselves (an address in
			// someone's announcement is only a claim), or another online peer's.
			return;
		}

		hosts.listGossiped(ip, port, {
			key: peer.key,
			nick: peer.nick,
			heardAt: peer.heardAt,
			label: `${peer.nick}·${fingerprintOf(peer.key)}`,
		});
	}

	/** Keep a peer's row up to date with its announcement. */
	#update(row: HostRecord, peer: PeerInfo): void {
		// The announcement's nick wins when it is news; the row's may have
		// come from a HELLO newer than the announcement held.
		const before = this.#nicks.get(peer.key);
		const renamed = before !== undefined && before !== peer.nick;
		const nick =
			row.nick !== peer.nick && (row.nick === undefined || renamed)
				? peer.nick
				: undefined;
		// A goodbye is news of the peer too: "left 5s ago" counts from it.
		this.#deps.hosts.update(row.id, {nick, heardAt: peer.heardAt});
	}

	/**
	 * A row we hold as legacy, where a peer that is online says a native
	 * node listens: one native dial settles it. If a native node answers,
	 * its link makes the row native (it was listed legacy from a plain line
	 * someone sent in its name, and would have been sent plain copies of
	 * every line). The row itself is left alone meanwhile, so a real legacy
	 * host keeps its lines; once one answers, its address is not dialed
	 * again, whatever others claim.
	 */
	#recheck(id: string, ip: Ip, port: number, now: number): void {
		const last = this.#rechecked.get(id);
		if (last && (last.legacy || now - last.at < recheckEveryMs)) return;
		const entry = {at: now, legacy: false};
		this.#rechecked.delete(id);
		this.#rechecked.set(id, entry);
		if (this.#rechecked.size > maxRechecked) {
			this.#rechecked.delete(this.#rechecked.keys().next().value!);
		}

		this.#deps.dialNative(ip, port).then(
			(result) => {
				entry.legacy = result.kind === 'legacy';
			},
			() => {
				// A dial that failed outright: tried again after recheckEveryMs.
			},
		);
	}
}

/**
 * One notice per peer, or one for them all when many went at once (a node
 * whose links all broke, or someone announcing a crowd of made-up peers and
 * leaving: 999 "is offline" lines were seen in a hostile test).
 */
function tell(
	report: Report,
	labels: readonly string[],
	one: string,
	many: string,
): void {
	if (labels.length <= 3) {
		for (const label of labels) report.note(`${label} ${one}.`);
		return;
	}

	const named = labels.slice(0, 3).join(', ');
	report.note(
		`${labels.length} peers ${many}: ${named} and ${labels.length - 3} more (/peers lists them).`,
	);
}
