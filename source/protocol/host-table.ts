/**
 * The hosts this node knows by address: legacy hosts (which have no key),
 * and addresses it was told to try (bootstrap, /connect, a plain line's
 * claim) with what answered there. Native peers are not rows here: they
 * are the mesh's, keyed by key (`peer-book.ts`). For each address: how it
 * got here, and whether it answers. The seed keeps a bare list that only grows and retries
 * dead hosts on every line; this table tracks reachability and a backoff
 * deadline per host instead. Pure: every change takes `now` from the caller,
 * and records are replaced, never mutated, so a snapshot can share them.
 */
import {backoffDelay, defaultBackoff, type BackoffPolicy} from './backoff.js';
import {formatHostPort, type Ip} from './address.js';
import type {PeerKey} from './peer-key.js';

/** A host's dialect, once known. */
export type HostDialect = 'legacy' | 'native' | 'unknown';

/** Whether we can reach the host; see `HostTable.failed` for the backoff. */
export type Reachability = 'unknown' | 'reachable' | 'unreachable';

/** How a host entered the table. */
export type HostOrigin = 'bootstrap' | 'inbound' | 'connect';

/** One known host. Immutable: the table swaps in a new record on change. */
export type HostRecord = {
	readonly id: string;
	readonly address: Ip;
	readonly port: number;
	readonly origin: HostOrigin;
	readonly firstSeen: number;
	readonly lastSeen: number | undefined;
	readonly dialect: HostDialect;
	readonly status: Reachability;
	readonly failures: number;
	/**
	 * Whether a connection of ours to it ever worked (a delivery, a probe,
	 * a link). A host that only ever wrote to us may be a stray line with a
	 * made-up port: nothing is queued for it until it answers.
	 */
	readonly answered: boolean;
	/** While unreachable: no new attempt before this time. */
	readonly retryAt: number | undefined;
	/**
	 * Native hosts: the key of the node that answered at this address (hex).
	 * The node itself is the mesh's to know (`PeerBook`): this table only
	 * holds addresses.
	 */
	readonly publicKey: PeerKey | undefined;
};

/** How many hosts the table holds, in all and per IP address. */
export type HostLimits = {
	readonly maxHosts: number;
	/** One machine rarely runs more nodes; more is someone inventing ports. */
	readonly maxPerAddress: number;
};

export const defaultHostLimits: HostLimits = {
	maxHosts: 1000,
	maxPerAddress: 32,
};

export class HostTable {
	readonly #hosts = new Map<string, HostRecord>();
	readonly #policy: BackoffPolicy;
	readonly #limits: HostLimits;

	constructor(
		policy: BackoffPolicy = defaultBackoff,
		limits: HostLimits = defaultHostLimits,
	) {
		this.#policy = policy;
		this.#limits = limits;
	}

	/**
	 * Whether `address:port` is known or there is room for it. Remote input
	 * decides what gets learned, so the table must not grow without bound.
	 */
	hasRoomFor(address: Ip, port: number): boolean {
		if (this.#hosts.has(formatHostPort(address, port))) return true;
		if (this.#hosts.size >= this.#limits.maxHosts) return false;
		let atAddress = 0;
		for (const host of this.#hosts.values()) {
			if (host.address === address) atAddress++;
		}

		return atAddress < this.#limits.maxPerAddress;
	}

	get size(): number {
		return this.#hosts.size;
	}

	get(id: string): HostRecord | undefined {
		return this.#hosts.get(id);
	}

	/** Hosts in the order they were learned (the order the seed sends in). */
	list(): HostRecord[] {
		return [...this.#hosts.values()];
	}

	/** Add a host if it is new; returns the record and whether it was added. */
	learn(
		address: Ip,
		port: number,
		origin: HostOrigin,
		now: number,
	): {record: HostRecord; added: boolean} {
		const id = formatHostPort(address, port);
		const existing = this.#hosts.get(id);
		if (existing) {
			return {record: existing, added: false};
		}

		const record: HostRecord = {
			id,
			address,
			port,
			origin,
			firstSeen: now,
			lastSeen: undefined,
			dialect: 'unknown',
			status: 'unknown',
			failures: 0,
			answered: false,
			retryAt: undefined,
			publicKey: undefined,
		};
		this.#hosts.set(id, record);
		return {record, added: true};
	}

	/**
	 * The host sent us a legacy message. That proves it is alive, so it counts
	 * as reachable and any backoff ends: the next line goes to it at once.
	 */
	heardFrom(id: string, now: number): HostRecord | undefined {
		return this.#update(id, (host) => ({
			...host,
			lastSeen: now,
			dialect: 'legacy',
			status: 'reachable',
			failures: 0,
			retryAt: undefined,
		}));
	}

	/** A connect or a delivery to the host worked. */
	succeeded(
		id: string,
		now: number,
		dialect?: HostDialect,
	): HostRecord | undefined {
		return this.#update(id, (host) => ({
			...host,
			lastSeen: now,
			dialect: dialect ?? host.dialect,
			status: 'reachable',
			failures: 0,
			answered: true,
			retryAt: undefined,
		}));
	}

	/**
	 * A connect or a delivery failed: mark the host unreachable and set when
	 * it may be tried again (`random` in [0, 1) spreads the retries).
	 */
	failed(id: string, now: number, random?: number): HostRecord | undefined {
		return this.#update(id, (host) => {
			const failures = host.failures + 1;
			return {
				...host,
				status: 'unreachable',
				failures,
				retryAt: now + backoffDelay(failures, this.#policy, random),
			};
		});
	}

	/** A native node with key `publicKey` answers at this address. */
	linked(id: string, publicKey: PeerKey, now: number): HostRecord | undefined {
		return this.#update(id, (host) => ({
			...host,
			lastSeen: now,
			dialect: 'native',
			status: 'reachable',
			failures: 0,
			answered: true,
			retryAt: undefined,
			publicKey,
		}));
	}

	/** Forget a host (it turned out to be this node itself). */
	remove(id: string): boolean {
		return this.#hosts.delete(id);
	}

	/** Whether an attempt may be made now, or the host is still backing off. */
	canAttempt(id: string, now: number): boolean {
		const host = this.#hosts.get(id);
		if (!host) {
			return false;
		}

		return host.retryAt === undefined || now >= host.retryAt;
	}

	#update(
		id: string,
		change: (host: HostRecord) => HostRecord,
	): HostRecord | undefined {
		const host = this.#hosts.get(id);
		if (!host) {
			return undefined;
		}

		const next = change(host);
		this.#hosts.set(id, next);
		return next;
	}
}
