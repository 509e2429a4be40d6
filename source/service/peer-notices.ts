/**
 * What the user is told about the peers the mesh knows: discovered, gone
 * offline, left, back online, a new nick; and when each one was seen going
 * offline (the sidebar's "offline 5s ago"). The peers themselves are the
 * core's (`CoreView.peers`); this keeps no copy of them.
 */
import {formatHostPort, type Ip} from '../protocol/address.js';
import {fingerprintOf} from '../protocol/peer-key.js';
import type {PeerInfo} from '../protocol/membership.js';
import type {CoreView} from '../protocol/node-core.js';
import type {LinkDialResult} from '../node/native-links.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';

/** What telling of the peers takes. */
export type PeerNoticesDeps = {
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

/** Every peer is looked at this often; between, only those that changed. */
const fullSyncEveryMs = 5000;

/** What is tracked per peer between syncs. */
type Tracked = {
	readonly online: Set<string>;
	readonly gone: Set<string>;
	readonly offlineSince: Map<string, number>;
	readonly nicks: Map<string, string>;
	/**
	 * Keys whose discovery was told (or was not news: gone already).
	 * Apart from `nicks`: a peer first heard of as the far end of another
	 * peer's link has no address yet, and is told once its own
	 * announcement brings one.
	 */
	readonly told: Set<string>;
};

/** What one sync found to tell. */
type SyncPass = {
	readonly wentOffline: string[];
	readonly left: string[];
	readonly discovered: Array<{label: string; line: string}>;
	joining: boolean;
};

function untrack(tracked: Tracked, key: string): void {
	tracked.online.delete(key);
	tracked.gone.delete(key);
	tracked.offlineSince.delete(key);
	tracked.nicks.delete(key);
	tracked.told.delete(key);
}

export class PeerNotices {
	readonly #deps: PeerNoticesDeps;
	/** Keys online at the last sync. */
	#online = new Set<string>();
	/** Keys offline now that were online before, and since when. */
	#offlineSince = new Map<string, number>();
	/** Keys the user was told went offline, and not yet back. */
	#gone = new Set<string>();
	/** Each key known at the last sync, and its nick then. */
	#nicks = new Map<string, string>();
	/** Keys whose discovery was told (`Tracked.told`). */
	#told = new Set<string>();
	/** Legacy rows dialed natively: when, and whether a legacy host answered. */
	readonly #rechecked = new Map<string, {at: number; legacy: boolean}>();
	/** Where this reads the core's journal of changed peers from next. */
	#cursor: number | undefined;
	/** When every peer was last looked at. */
	#fullAt: number | undefined;
	#joinTimer: NodeJS.Timeout | undefined;
	#syncPending: NodeJS.Immediate | undefined;
	#stopped = false;

	constructor(deps: PeerNoticesDeps) {
		this.#deps = deps;
	}

	/** When this node saw `key` go offline, if it was online and is not now. */
	offlineSince(key: string): number | undefined {
		return this.#offlineSince.get(key);
	}

	/**
	 * Tell what changed among the peers since the last sync: the peers the
	 * core says changed (`CoreView.peerChangesSince`), or every peer at the
	 * first sync and every `fullSyncEveryMs` (a legacy row may have come
	 * where an unchanged peer is announced: `#recheckLegacy`).
	 */
	sync(): void {
		const {report, view} = this.#deps;
		const now = this.#deps.now();
		const full =
			this.#fullAt === undefined || now - this.#fullAt >= fullSyncEveryMs;
		const changes = view.peerChangesSince(full ? undefined : this.#cursor);
		this.#cursor = changes.cursor;
		const pass: SyncPass = {
			wentOffline: [],
			left: [],
			discovered: [],
			joining: false,
		};
		if (changes.keys === 'all') {
			this.#fullAt = now;
			const next: Tracked = {
				online: new Set(),
				gone: new Set(),
				offlineSince: new Map(),
				nicks: new Map(),
				told: new Set(),
			};
			for (const peer of view.peers()) this.#syncPeer(peer, now, next, pass);
			this.#online = next.online;
			this.#offlineSince = next.offlineSince;
			this.#gone = next.gone;
			this.#nicks = next.nicks;
			this.#told = next.told;
		} else {
			// Only what changed, in place: the rest stands as it was.
			const tracked: Tracked = {
				online: this.#online,
				gone: this.#gone,
				offlineSince: this.#offlineSince,
				nicks: this.#nicks,
				told: this.#told,
			};
			for (const key of new Set(changes.keys)) {
				const peer = view.peer(key);
				if (peer) this.#syncPeer(peer, now, tracked, pass);
				else untrack(tracked, key);
			}
		}

		const {discovered, left, wentOffline, joining} = pass;
		if (discovered.length <= 3) {
			for (const {line} of discovered) report.note(line);
		} else {
			tell(
				report,
				discovered.map(({label}) => label),
				'',
				'were discovered',
			);
		}

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
	 * One peer as it is now against what was tracked of it: notices into
	 * `pass`, its state into `next` (which may be what is tracked: what
	 * was is read first).
	 */
	#syncPeer(peer: PeerInfo, now: number, next: Tracked, pass: SyncPass): void {
		const {report, view} = this.#deps;
		const {key} = peer;
		const wasOnline = this.#online.has(key);
		const wasGone = this.#gone.has(key);
		const offlineBefore = this.#offlineSince.get(key);
		// Its nick at the last sync; none: a peer heard of for the first time.
		const before = this.#nicks.get(key);
		let told = this.#told.has(key);
		untrack(next, key);
		const label = `${peer.nick}·${fingerprintOf(key)}`;
		if (!told) {
			const line = this.#discovered(peer, label);
			if (line !== undefined) pass.discovered.push({label, line});
			// Not news once it is there to tell, or gone before it was.
			told = line !== undefined || peer.left;
		}

		if (told) next.told.add(key);

		this.#recheckLegacy(peer, now);
		if (before !== undefined && before !== peer.nick) {
			report.note(
				`${before}·${fingerprintOf(key)} is now known as ${peer.nick}.`,
			);
		}

		next.nicks.set(key, peer.nick);
		if (peer.hops === undefined) {
			pass.joining ||= view.isJoining(key, now);
			if (wasOnline) (peer.left ? pass.left : pass.wentOffline).push(label);
			// It was there until now: "offline 5s ago" counts from here.
			const since = offlineBefore ?? (wasOnline ? now : undefined);
			if (since !== undefined) next.offlineSince.set(key, since);
			if (wasOnline || wasGone) next.gone.add(key);
		} else {
			next.online.add(key);
			if (wasGone) report.note(`${label} is back online.`);
		}
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

	/**
	 * What to say of a peer heard of for the first time. Worded like the
	 * seed's discovery line, so the two read side by side; many at once
	 * (a whole network joined, or someone announcing a crowd of made-up
	 * peers) are one line.
	 */
	#discovered(peer: PeerInfo, label: string): string | undefined {
		if (peer.left || peer.address === undefined) return undefined;
		const {ip, port} = peer.address;
		const how = this.#deps.view.links.includes(peer.key)
			? 'encrypted link'
			: 'through peers';
		return `New host discovered: ${formatHostPort(ip, port)} (${label}, ${how})`;
	}

	/**
	 * An address we hold as a legacy host, where a peer that is online now
	 * says a native node listens: see `#recheck`.
	 */
	#recheckLegacy(peer: PeerInfo, now: number): void {
		if (peer.hops === undefined || peer.address === undefined) return;
		const {ip, port} = peer.address;
		const id = formatHostPort(ip, port);
		if (this.#deps.hosts.get(id)?.dialect === 'legacy') {
			this.#recheck(id, ip, port, now);
		}
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
				// Our own dial proves who listens there (its link may be one
				// that was up already, so no new link says so).
				if (result.kind === 'native') {
					this.#deps.hosts.answeredNative(id, result.peer.key);
				}
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
