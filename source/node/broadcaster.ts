/**
 * Sends each line to every known host at once, in order per host. Each host
 * has its own bounded outbox and at most one attempt in flight, so a stalled
 * or dead host only ever delays itself (the seed's loop stalled everyone for
 * 4.7 s behind one silent peer). How a host is reached is asked of `reach`
 * on every attempt: over its native link (one long-lived encrypted
 * connection), or the seed's way (a connection per legacy message). A host
 * that fails backs off (see `protocol/host-table.ts`); its lines wait in the
 * outbox and go out when it answers again, a probe finds it up, or it writes.
 */
import {EventEmitter} from 'node:events';
import type {HostRecord, HostTable} from '../protocol/host-table.js';
import {sendLegacyParts, type SendResult} from './legacy-client.js';
import {failureOf, settle, type Item} from './outbox-item.js';
import type {OutgoingLine, Reach, ReachHost} from './reach.js';
import {tcpTransport, type Transport} from './transport.js';

export type {OutgoingLine, Reach, ReachHost} from './reach.js';

/** Timing and size limits of the broadcaster. */
export type BroadcastOptions = {
	/** Per legacy message: connect + write + reply must fit in this. */
	readonly sendTimeoutMs: number;
	/** Per host: at most this many lines wait; the oldest are dropped first. */
	readonly queueLimit: number;
	readonly now: () => number;
	readonly random: () => number;
	readonly reach: ReachHost;
	/** For the seed's connection-per-message sends (TCP by default). */
	readonly transport?: Transport;
};

/** One host's answer to a broadcast. */
export type HostOutcome =
	{host: string; ok: true} | {host: string; ok: false; reason: string};

export type BroadcastEvents = {
	/** A host's record or outbox changed. */
	changed: [host: string];
	/** A line that had been reported failed was delivered after a retry. */
	'late-delivery': [host: string];
	/** A full outbox dropped its oldest line. */
	dropped: [host: string];
};

type Outbox = {
	readonly items: Item[];
	busy: boolean;
	timer: NodeJS.Timeout | undefined;
};

export class Broadcaster extends EventEmitter<BroadcastEvents> {
	readonly #table: HostTable;
	readonly #options: BroadcastOptions;
	readonly #boxes = new Map<string, Outbox>();
	#stopped = false;

	constructor(table: HostTable, options: BroadcastOptions) {
		super();
		this.#table = table;
		this.#options = options;
	}

	/** Lines waiting for `host`, including one in flight. */
	queued(host: string): number {
		return this.#boxes.get(host)?.items.length ?? 0;
	}

	/** Whether an attempt (a send, a dial or a probe) is under way. */
	busy(host: string): boolean {
		return this.#boxes.get(host)?.busy ?? false;
	}

	/**
	 * Queue `line` for every known host (except those `skip` names) and resolve
	 * once each has taken it or failed once.
	 */
	async broadcast(
		line: OutgoingLine,
		skip?: (host: HostRecord) => boolean,
	): Promise<HostOutcome[]> {
		const hosts = this.#table.list().filter((host) => !skip?.(host));
		return Promise.all(
			hosts.map(async (host) => {
				if (isStray(host)) {
					// Probed with backoff instead; it gets lines once it answers.
					this.schedule(host.id);
					return {
						host: host.id,
						ok: false,
						reason: 'it has never answered: not queued for until it does',
					};
				}

				return new Promise<HostOutcome>((resolve) => {
					this.#push(host.id, {
						line,
						sentFrames: 0,
						settle(outcome) {
							resolve({host: host.id, ...outcome});
						},
					});
				});
			}),
		);
	}

	/** Try `host` now: send what waits for it, or probe it if nothing does. */
	async kick(host: string): Promise<void> {
		if (!this.#table.get(host)) return;
		const box = this.#box(host);
		clearTimeout(box.timer);
		box.timer = undefined;
		await this.#pump(host, true);
	}

	/** Try again once the host's backoff deadline has passed. */
	schedule(host: string): void {
		const box = this.#box(host);
		const retryAt = this.#table.get(host)?.retryAt;
		if (box.timer !== undefined || retryAt === undefined || this.#stopped) {
			return;
		}

		const delay = Math.max(0, retryAt - this.#options.now());
		box.timer = setTimeout(() => {
			box.timer = undefined;
			void this.kick(host);
		}, delay);
		box.timer.unref();
	}

	/** Drop a host's outbox (the host was removed from the table). */
	forget(host: string): void {
		const box = this.#boxes.get(host);
		if (box) {
			clearTimeout(box.timer);
			for (const item of box.items)
				settle(item, {ok: false, reason: 'host removed'});
			this.#boxes.delete(host);
		}
	}

	stop(): void {
		this.#stopped = true;
		for (const box of this.#boxes.values()) {
			clearTimeout(box.timer);
			for (const item of box.items) {
				settle(item, {ok: false, reason: 'node stopped'});
			}
		}
	}

	#push(host: string, item: Item): void {
		if (this.#stopped) {
			// Nothing would ever take it: say so now, not never.
			settle(item, {ok: false, reason: 'node stopped'});
			return;
		}

		const box = this.#box(host);
		box.items.push(item);
		if (box.items.length > this.#options.queueLimit) {
			// Never drop the line in flight (index 0 while busy).
			const [dropped] = box.items.splice(box.busy ? 1 : 0, 1);
			settle(dropped, {ok: false, reason: 'outbox full, oldest line dropped'});
			this.emit('dropped', host);
		}

		void this.#pump(host, false);
	}

	async #pump(host: string, probeIfEmpty: boolean): Promise<void> {
		const box = this.#box(host);
		const record = this.#table.get(host);
		if (box.busy || this.#stopped || !record) {
			return;
		}

		const now = this.#options.now();
		if (!this.#table.canAttempt(host, now)) {
			const seconds = Math.ceil(((record.retryAt ?? now) - now) / 1000);
			for (const item of box.items) {
				settle(item, {
					ok: false,
					reason: `unreachable, queued (retry in ${seconds} s)`,
				});
			}

			this.schedule(host);
			return;
		}

		const item = box.items[0];
		if (!item && !probeIfEmpty) {
			return;
		}

		box.busy = true;
		this.emit('changed', host);
		const reach = await this.#options.reach(record, item === undefined);
		const result =
			item && reach.kind !== 'failed'
				? await this.#deliver(record, item, reach)
				: reach;
		box.busy = false;
		// Stopped, or the host was forgotten meanwhile (it was this node).
		if (this.#stopped || this.#boxes.get(host) !== box) {
			return;
		}

		this.#record(host, box, item, result);
		this.emit('changed', host);
		if (box.items.length > 0) {
			void this.#pump(host, false);
		} else if (this.#table.get(host)?.retryAt !== undefined) {
			this.schedule(host);
		}
	}

	async #deliver(
		host: HostRecord,
		item: Item,
		reach: Reach,
	): Promise<SendResult | {kind: 'refused'}> {
		if (reach.kind === 'refused') {
			return reach;
		}

		if (reach.kind === 'native') {
			const {envelope} = item.line;
			// A relayed line: the mesh already carried it to native peers.
			if (!envelope) return {ok: true, reply: ''};
			return reach.link.sendChat(envelope)
				? {ok: true, reply: ''}
				: {ok: false, retry: true, reason: 'link closed'};
		}

		return sendLegacyParts(
			{
				transport: this.#options.transport ?? tcpTransport,
				timeoutMs: this.#options.sendTimeoutMs,
			},
			host,
			item.line.legacyFrames,
			item,
		);
	}

	#record(
		host: string,
		box: Outbox,
		item: Item | undefined,
		result: SendResult | Reach | {kind: 'refused'},
	): void {
		const now = this.#options.now();
		if ('kind' in result && result.kind === 'refused') {
			// Nothing will ever go to this host: settle everything it holds,
			// including lines queued while a probe found out.
			for (const waiting of box.items.splice(0)) {
				settle(waiting, {
					ok: false,
					reason: 'legacy host: plain text is not sent on a secret network',
				});
			}

			return;
		}

		const failure = failureOf(result);
		if (failure === undefined) {
			if (item) {
				box.items.shift();
				const late = item.settle === undefined;
				settle(item, {ok: true});
				if (late) this.emit('late-delivery', host);
			}

			if (this.#table.get(host)?.dialect === 'legacy') {
				this.#table.succeeded(host, now, 'legacy');
			}

			return;
		}

		this.#table.failed(host, now, this.#options.random());
		if (item && item.sentFrames >= item.line.legacyFrames.length) {
			// Every message of the line was written at least once: done with it.
			box.items.shift();
		}

		settle(item, {ok: false, reason: failure});
	}

	#box(host: string): Outbox {
		let box = this.#boxes.get(host);
		if (!box) {
			box = {items: [], busy: false, timer: undefined};
			this.#boxes.set(host, box);
		}

		return box;
	}
}

/**
 * A legacy host we could never reach: it only wrote to us (a stray
 * `printf 'PORT:hi'` names a port nothing listens on) and our attempts
 * failed. Queueing every line for it would fill its outbox and say so under
 * every line; it is probed with backoff instead, and gets lines once it
 * answers.
 */
function isStray(host: HostRecord): boolean {
	return host.dialect === 'legacy' && !host.answered && host.failures > 0;
}
