/**
 * An in-memory ChatServiceApi for UI tests: no sockets. It keeps a snapshot,
 * replaces it (a new object, as the real service does) on every change,
 * emits `change`, and records every call the UI makes.
 */
import {EventEmitter} from 'node:events';
import type {
	ChatCounters,
	ChatEntry,
	ChatServiceApi,
	ChatSnapshot,
	DeliveryReport,
	HostView,
} from '../../source/service/types.js';

/** One recorded call of a service method. */
export type FakeCall = {readonly method: string; readonly args: unknown[]};

const zeroCounters: ChatCounters = {
	received: 0,
	sent: 0,
	deliveryFailures: 0,
	malformed: 0,
	oversized: 0,
	timedOut: 0,
	evicted: 0,
	queueDropped: 0,
};

/** A host row with defaults; `id` must be `ip:port`. */
export function makeHost(
	id: string,
	overrides: Partial<HostView> = {},
): HostView {
	const colon = id.lastIndexOf(':');
	return {
		id,
		address: id.slice(0, colon).replaceAll(/^\[|\]$/gv, ''),
		port: Number(id.slice(colon + 1)),
		firstSeen: Date.now() - 60_000,
		lastSeen: Date.now() - 12_000,
		dialect: 'legacy',
		status: 'unknown',
		queued: 0,
		failures: 0,
		origin: 'bootstrap',
		...overrides,
	};
}

export class FakeChatService extends EventEmitter implements ChatServiceApi {
	readonly calls: FakeCall[] = [];
	private snapshot: ChatSnapshot;
	private nextId = 1;

	constructor(initial: Partial<ChatSnapshot> = {}) {
		super();
		this.snapshot = {
			listening: {host: '127.0.0.1', port: 7001},
			nick: 'me',
			hosts: [],
			entries: [],
			counters: zeroCounters,
			...initial,
		};
		const last = this.snapshot.entries.at(-1);
		this.nextId = (last?.id ?? 0) + 1;
	}

	/** What `connect` does; replace to simulate failures or slow probes. */
	connectImpl: (address: string) => Promise<HostView> = async (address) =>
		makeHost(address, {status: 'reachable', origin: 'connect'});

	/** What `send` does after logging the own line. */
	sendImpl: (text: string) => Promise<DeliveryReport> = async () => ({
		parts: 1,
		delivered: [],
		failed: [],
	});

	/** Calls of one method, in order. */
	callsOf(method: string): unknown[][] {
		return this.calls
			.filter((call) => call.method === method)
			.map((call) => call.args);
	}

	getSnapshot(): ChatSnapshot {
		return this.snapshot;
	}

	async send(text: string): Promise<DeliveryReport> {
		this.record('send', text);
		this.addEntry({kind: 'own', nick: this.snapshot.nick, text});
		return this.sendImpl(text);
	}

	async connect(address: string): Promise<HostView> {
		this.record('connect', address);
		const host = await this.connectImpl(address);
		this.update({hosts: [...this.snapshot.hosts, host]});
		return host;
	}

	setNick(nick: string): void {
		this.record('setNick', nick);
		this.update({nick});
		// As the real service does: the change is confirmed in the log.
		this.note(`You are now ${nick}.`);
	}

	note(text: string, kind: 'notice' | 'error' = 'notice'): void {
		this.record('note', text, kind);
		this.addEntry({kind, text});
	}

	clear(): void {
		this.record('clear');
		this.update({entries: []});
	}

	async stop(): Promise<void> {
		this.record('stop');
	}

	/** Append one entry (as if it arrived) and emit `change`. */
	addEntry(entry: Omit<ChatEntry, 'id' | 'time'> & {time?: number}): ChatEntry {
		const full: ChatEntry = {time: Date.now(), ...entry, id: this.nextId++};
		this.update({entries: [...this.snapshot.entries, full]});
		return full;
	}

	/** Replace parts of the snapshot and emit `change`. */
	update(changes: Partial<ChatSnapshot>): void {
		this.snapshot = {...this.snapshot, ...changes};
		this.emit('change');
	}

	private record(method: string, ...args: unknown[]): void {
		this.calls.push({method, args});
	}
}

/** `count` chat entries `message 1` … `message N` from one peer. */
export function makeEntries(
	count: number,
	from = '127.0.0.1:7002',
): ChatEntry[] {
	const start = Date.now() - count * 1000;
	return Array.from({length: count}, (_, index) => ({
		id: index + 1,
		time: start + index * 1000,
		kind: 'chat' as const,
		from,
		text: `message ${index + 1}`,
	}));
}
