/**
 * Sends each line to every known host at once, in order per host. Each host
 * has its own bounded outbox and at most one message in flight, so a stalled
 * or dead host only ever delays itself (the seed's loop stalled everyone for
 * 4.7 s behind one silent peer). A host that fails backs off (see
 * `protocol/host-table.ts`); its lines wait in the outbox and go out when it
 * answers again, a probe finds it up, or it sends to us.
 */
import {EventEmitter} from 'node:events';
import type {HostTable} from '../protocol/host-table.js';
import {probe, sendLegacy} from './legacy-client.js';

/** Timing and size limits of the broadcaster. */
export type BroadcastOptions = {
	/** Per message: connect + write + reply must fit in this. */
	readonly sendTimeoutMs: number;
	/** Per host: at most this many messages wait; the oldest are dropped first. */
	readonly queueLimit: number;
	readonly now: () => number;
	readonly random: () => number;
};

/** One host's answer to a broadcast. */
export type HostOutcome =
	{host: string; ok: true} | {host: string; ok: false; reason: string};

export type BroadcastEvents = {
	/** A host's record or outbox changed. */
	changed: [host: string];
	/** Messages that had been reported failed were delivered after a retry. */
	'late-delivery': [host: string, count: number];
	/** A full outbox dropped its oldest message. */
	dropped: [host: string];
};

type Item = {
	readonly frame: Uint8Array;
	/** Called once: on delivery, on the first failure, or when dropped. */
	settle?: (outcome: {ok: true} | {ok: false; reason: string}) => void;
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

	/** Messages waiting for `host`, including one in flight. */
	queued(host: string): number {
		return this.#boxes.get(host)?.items.length ?? 0;
	}

	/**
	 * Queue `frames` for every known host (except `skip`) and resolve once each
	 * host has taken them all or failed once.
	 */
	async broadcast(
		frames: Uint8Array[],
		skip?: (host: string) => boolean,
	): Promise<HostOutcome[]> {
		const hosts = this.#table.list().filter((host) => !skip?.(host.id));
		return Promise.all(
			hosts.map(async (host) => this.#enqueue(host.id, frames)),
		);
	}

	/** Try `host` now: send what waits for it, or probe it if nothing does. */
	async kick(host: string): Promise<void> {
		const box = this.#box(host);
		clearTimeout(box.timer);
		box.timer = undefined;
		await (box.items.length > 0 ? this.#pump(host) : this.#probe(host));
	}

	stop(): void {
		this.#stopped = true;
		for (const box of this.#boxes.values()) {
			clearTimeout(box.timer);
			for (const item of box.items) {
				item.settle?.({ok: false, reason: 'node stopped'});
			}
		}
	}

	async #enqueue(host: string, frames: Uint8Array[]): Promise<HostOutcome> {
		const outcomes = await Promise.all(
			frames.map(
				async (frame) =>
					new Promise<{ok: true} | {ok: false; reason: string}>((resolve) => {
						this.#push(host, {frame, settle: resolve});
					}),
			),
		);
		const failure = outcomes.find((outcome) => !outcome.ok);
		return failure
			? {host, ok: false, reason: failure.reason}
			: {host, ok: true};
	}

	#push(host: string, item: Item): void {
		const box = this.#box(host);
		box.items.push(item);
		if (box.items.length > this.#options.queueLimit) {
			// Never drop the message in flight (index 0 while busy).
			const [dropped] = box.items.splice(box.busy ? 1 : 0, 1);
			settle(dropped, {ok: false, reason: 'outbox full, oldest line dropped'});
			this.emit('dropped', host);
		}

		void this.#pump(host);
	}

	async #pump(host: string): Promise<void> {
		const box = this.#box(host);
		const record = this.#table.get(host);
		if (box.busy || this.#stopped || !record) {
			return;
		}

		if (!this.#table.canAttempt(host, this.#options.now())) {
			const seconds = Math.ceil(
				((record.retryAt ?? 0) - this.#options.now()) / 1000,
			);
			for (const item of box.items) {
				settle(item, {
					ok: false,
					reason: `unreachable, queued (retry in ${seconds} s)`,
				});
			}

			this.#schedule(host);
			return;
		}

		const item = box.items[0];
		if (!item) {
			return;
		}

		box.busy = true;
		const result = await sendLegacy(
			record.address,
			record.port,
			item.frame,
			this.#options.sendTimeoutMs,
		);
		box.busy = false;
		if (this.#stopped) {
			return;
		}

		const now = this.#options.now();
		if (result.ok) {
			box.items.shift();
			const late = item.settle === undefined;
			settle(item, {ok: true});
			this.#table.succeeded(host, now, 'legacy');
			if (late) {
				this.emit('late-delivery', host, 1);
			}
		} else {
			this.#table.failed(host, now, this.#options.random());
			if (!result.retry) {
				// The bytes may have arrived; sending them again could duplicate.
				box.items.shift();
			}

			settle(item, {ok: false, reason: result.reason});
		}

		this.emit('changed', host);
		void this.#pump(host);
	}

	async #probe(host: string): Promise<void> {
		const record = this.#table.get(host);
		if (!record || this.#stopped) {
			return;
		}

		const result = await probe(
			record.address,
			record.port,
			this.#options.sendTimeoutMs,
		);
		if (this.#stopped) {
			return;
		}

		if (result.ok) {
			this.#table.succeeded(host, this.#options.now());
			this.emit('changed', host);
			void this.#pump(host);
		} else {
			this.#table.failed(host, this.#options.now(), this.#options.random());
			this.emit('changed', host);
			this.#schedule(host);
		}
	}

	/** Wake up when the host's backoff ends: deliver its outbox or probe it. */
	#schedule(host: string): void {
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

	#box(host: string): Outbox {
		let box = this.#boxes.get(host);
		if (!box) {
			box = {items: [], busy: false, timer: undefined};
			this.#boxes.set(host, box);
		}

		return box;
	}
}

/** Report an item's outcome the first time only; later outcomes are "late". */
function settle(
	item: Item | undefined,
	outcome: {ok: true} | {ok: false; reason: string},
): void {
	const callback = item?.settle;
	if (item && callback) {
		item.settle = undefined;
		callback(outcome);
	}
}
