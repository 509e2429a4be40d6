/**
 * Every host this node knows by address: legacy hosts and the addresses it
 * tries (bootstrap, /connect); native peers are the mesh's, by key. This
 * is the one writer of the host table in the service,
 * and it says `changed` itself whenever it writes, so a snapshot can never
 * be stale because a caller forgot to. It also owns what depends on the
 * table: the outboxes (`node/broadcaster.ts`), the legacy bridge and which
 * hosts the user was told are not taking lines.
 */
import {formatHostPort, parseIp, type Ip} from '../protocol/address.js';
import type {PeerKey} from '../protocol/peer-key.js';
import type {
	HostOrigin,
	HostRecord,
	HostTable,
} from '../protocol/host-table.js';
import type {LinkPeer} from '../node/native-link.js';
import type {
	Broadcaster,
	HostOutcome,
	OutgoingLine,
} from '../node/broadcaster.js';
import type {PlainForm} from './author.js';
import {DeliveryTrouble} from './delivery-trouble.js';
import type {LegacyBridge} from './legacy-bridge.js';
import type {Report} from './report.js';

/** What `Hosts` uses of the legacy bridge. */
export type BridgeForHosts = Pick<
	LegacyBridge,
	'sync' | 'serves' | 'relay' | 'relayLegacy'
>;

export type HostsOptions = {
	readonly table: HostTable;
	readonly broadcaster: Broadcaster;
	readonly bridge: BridgeForHosts;
	readonly report: Report;
	readonly now: () => number;
	/** Whether `ip:port` is this node itself. */
	readonly isSelf: (ip: Ip, port: number) => boolean;
};

export class Hosts {
	readonly #table: HostTable;
	readonly #broadcaster: Broadcaster;
	readonly #bridge: BridgeForHosts;
	readonly #report: Report;
	readonly #options: HostsOptions;
	readonly #trouble = new DeliveryTrouble();

	constructor(options: HostsOptions) {
		this.#options = options;
		this.#table = options.table;
		this.#broadcaster = options.broadcaster;
		this.#bridge = options.bridge;
		this.#report = options.report;
		options.broadcaster.on('changed', (host) => {
			if (this.#table.get(host)?.status === 'reachable') {
				this.#trouble.recovered(host);
			}

			this.#report.changed();
		});
		options.broadcaster.on('late-delivery', (host) => {
			this.#trouble.recovered(host);
			this.#report.note(`Delivered a queued line to ${host}.`);
		});
		options.broadcaster.on('dropped', (host) => {
			this.#report.count('queueDropped');
			if (this.#trouble.overflowIsNews(host)) {
				this.#report.note(
					`Outbox for ${host} is full: dropping its oldest lines (counted as queue dropped; not told again until it takes a line).`,
					'error',
				);
			}
		});
	}

	get size(): number {
		return this.#table.size;
	}

	get(id: string): HostRecord | undefined {
		return this.#table.get(id);
	}

	/** Hosts in the order they were learned. */
	list(): HostRecord[] {
		return this.#table.list();
	}

	/** Whether `ip:port` is known or there is room for it (see `HostTable.hasRoomFor`). */
	hasRoomFor(ip: Ip, port: number): boolean {
		return this.#table.hasRoomFor(ip, port);
	}

	isSelf(ip: Ip, port: number): boolean {
		return this.#options.isSelf(ip, port);
	}

	/**
	 * Add a host if new, within the table's limits: announced once, and
	 * dialed at once unless it is known to be legacy (so the sidebar shows
	 * how it answers before anyone types) or came from /connect (whose
	 * caller dials it).
	 */
	learn(
		ip: Ip,
		port: number,
		origin: HostOrigin,
		dialect?: 'legacy',
	): {id: string; added: boolean} {
		if (!this.#table.hasRoomFor(ip, port)) {
			// Full (see HostTable.hasRoomFor): the line is still shown, the host not kept.
			return {id: formatHostPort(ip, port), added: false};
		}

		const {record, added} = this.#table.learn(ip, port, origin, this.#now());
		if (added) {
			if (dialect) this.#table.heardFrom(record.id, this.#now());
			const label =
				origin === 'bootstrap' ? 'Bootstrap host' : 'New host discovered';
			this.#report.note(`${label}: ${record.id}`);
			this.#report.changed();
			if (!dialect && origin !== 'connect') void this.kick(record.id);
		}

		return {id: record.id, added};
	}

	/** Add and dial the hosts to start with (already resolved to addresses). */
	bootstrap(
		entries: ReadonlyArray<{readonly host: string; readonly port: number}>,
	): void {
		for (const entry of entries) {
			const ip = parseIp(entry.host);
			if (ip === undefined) {
				this.#report.note(
					`Bootstrap host "${entry.host}" is not an IP address: skipped.`,
					'error',
				);
				continue;
			}

			this.learn(ip, entry.port, 'bootstrap');
		}
	}

	/**
	 * A legacy host wrote to us: it is alive, so any backoff ends, its
	 * lines waiting go out, and the mesh hears which legacy hosts we know.
	 */
	heardFromLegacy(ip: Ip, port: number): void {
		const {id} = this.learn(ip, port, 'inbound', 'legacy');
		this.#table.heardFrom(id, this.#now());
		this.#trouble.recovered(id);
		this.#bridge.sync();
		if (this.#broadcaster.queued(id) > 0) void this.kick(id);
		this.#report.changed();
	}

	/**
	 * A native link is up. The peer is the mesh's to list; an address row
	 * where it says it listens learns who answers there. A legacy row
	 * changes only for a link we dialed to that address ourselves: a HELLO's
	 * port is a claim, and must not take a legacy host's lines.
	 */
	linked(peer: LinkPeer, initiator: boolean): void {
		const {address, key} = peer;
		const row = this.#table.get(formatHostPort(address.ip, address.port));
		if (!row || (row.dialect === 'legacy' && !initiator)) return;
		this.answeredNative(row.id, key);
	}

	/** Our own dial to `id` reached the native node with key `key`. */
	answeredNative(id: string, key: PeerKey): void {
		if (!this.#table.linked(id, key, this.#now())) return;
		this.#trouble.recovered(id);
		if (this.#broadcaster.queued(id) > 0) void this.kick(id);
		this.#report.changed();
	}

	/** A dial found `id` answering in the seed's plain text. */
	foundLegacy(id: string, secret: boolean): void {
		const suffix = secret
			? ' On this secret network it gets nothing, and what it sends is refused.'
			: '';
		this.#report.note(
			`${id} speaks the seed's plain-text protocol (legacy): messages to it are not encrypted or signed.${suffix}`,
		);
		// The mesh must hear of it, or every node that knows it would serve it.
		this.#bridge.sync();
	}

	/** A dial reached this node itself: forget that address. */
	foundSelf(id: string): void {
		this.#table.remove(id);
		this.#broadcaster.forget(id);
		this.#bridge.sync();
		this.#report.note(`${id} is this node itself: removed it from the peers.`);
		this.#report.changed();
	}

	/** Lines waiting for `id`, including one in flight. */
	queued(id: string): number {
		return this.#broadcaster.queued(id);
	}

	/** Whether an attempt (a send, a dial or a probe) is under way. */
	busy(id: string): boolean {
		return this.#broadcaster.busy(id);
	}

	/** Try `id` now: send what waits for it, or probe it. */
	async kick(id: string): Promise<void> {
		await this.#broadcaster.kick(id);
	}

	/** Queue `line` for every host `skip` leaves, and resolve once each took it or failed once. */
	async broadcast(
		line: OutgoingLine,
		skip: (host: HostRecord) => boolean,
	): Promise<HostOutcome[]> {
		return this.#broadcaster.broadcast(line, skip);
	}

	/** Whether this node passes mesh lines to legacy host `host`. */
	serves(host: HostRecord): boolean {
		return this.#bridge.serves(host);
	}

	/** A mesh line in its plain form, to the legacy hosts this node serves. */
	relay({text, prefix = ''}: PlainForm): void {
		this.#bridge.relay(text, prefix);
	}

	/** A legacy host's line, to the other legacy hosts this node serves. */
	relayLegacy(source: string, text: string): void {
		this.#bridge.relayLegacy(source, text);
	}

	/** The host answered again: its next failure is news. */
	recovered(id: string): void {
		this.#trouble.recovered(id);
	}

	/**
	 * Whether `outcome` is a failure the user has not been told of yet; a
	 * success clears the host (its next failure is news again).
	 */
	isNewTrouble(outcome: HostOutcome): boolean {
		return this.#trouble.isNews(outcome) && !outcome.ok;
	}

	stop(): void {
		this.#broadcaster.stop();
	}

	#now(): number {
		return this.#options.now();
	}
}
