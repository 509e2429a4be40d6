/**
 * ChatService: the one object the UI and the headless mode talk to. It owns
 * the TCP server, the known-hosts table and the broadcaster, turns what they
 * report into log entries and events, and hands out immutable snapshots.
 * No React here, and no socket code of its own (that is `node/`).
 */
import {EventEmitter} from 'node:events';
import {
	formatHostPort,
	isAddressError,
	normalizeIp,
	parseHostPort,
} from '../protocol/address.js';
import {HostTable, type HostRecord} from '../protocol/host-table.js';
import {
	encodeLegacy,
	isLegacyParseError,
	normalizeTypedLine,
	parseLegacy,
} from '../protocol/legacy-codec.js';
import {Broadcaster} from '../node/broadcaster.js';
import {
	InboundServer,
	defaultInboundLimits,
	type InboundLimits,
} from '../node/inbound-server.js';
import {isLocalAddress} from '../node/local-addresses.js';
import {resolveHost} from '../node/resolve-host.js';
import {ChatLog, defaultHistoryLimit} from './chat-log.js';
import {describeListenError} from './listen-error.js';
import type {
	ChatCounters,
	ChatEntry,
	ChatEvents,
	ChatServiceApi,
	ChatSnapshot,
	DeliveryReport,
	HostView,
} from './types.js';

/** Everything a node needs to start. Only `port` and `nick` are required. */
export type ChatServiceOptions = {
	readonly port: number;
	readonly nick: string;
	/** Bind address; `0.0.0.0` (all IPv4 interfaces) like the seed. */
	readonly host?: string;
	/** Hosts to start with, already resolved to addresses. */
	readonly bootstrap?: ReadonlyArray<{
		readonly host: string;
		readonly port: number;
	}>;
	readonly sendTimeoutMs?: number;
	readonly queueLimit?: number;
	readonly historyLimit?: number;
	readonly inbound?: Partial<InboundLimits>;
	readonly now?: () => number;
	readonly random?: () => number;
};

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

export class ChatService
	extends EventEmitter<ChatEvents>
	implements ChatServiceApi
{
	readonly #options: ChatServiceOptions;
	readonly #now: () => number;
	readonly #table = new HostTable();
	readonly #server: InboundServer;
	readonly #broadcaster: Broadcaster;
	readonly #log: ChatLog;
	#nick: string;
	#listening: {host: string; port: number} | undefined;
	#counters: ChatCounters = zeroCounters;
	#snapshot: ChatSnapshot | undefined;

	constructor(options: ChatServiceOptions) {
		super();
		this.#options = options;
		this.#nick = options.nick;
		this.#now = options.now ?? Date.now;
		this.#log = new ChatLog(options.historyLimit ?? defaultHistoryLimit);
		this.#server = new InboundServer({
			...defaultInboundLimits,
			...options.inbound,
		});
		this.#broadcaster = new Broadcaster(this.#table, {
			sendTimeoutMs: options.sendTimeoutMs ?? 3000,
			queueLimit: options.queueLimit ?? 256,
			now: this.#now,
			random: options.random ?? Math.random,
		});
		this.#wireServer();
		this.#wireBroadcaster();
	}

	/** Bind the port, then add and probe the bootstrap hosts. */
	async start(): Promise<void> {
		const host = this.#options.host ?? '0.0.0.0';
		try {
			this.#listening = await this.#server.listen(host, this.#options.port);
		} catch (error) {
			throw new Error(describeListenError(error, host, this.#options.port), {
				cause: error,
			});
		}

		this.emit('listening', this.#listening);
		this.#changed();
		for (const entry of this.#options.bootstrap ?? []) {
			this.#learn(entry.host, entry.port, 'bootstrap');
		}
	}

	getSnapshot(): ChatSnapshot {
		this.#snapshot ??= Object.freeze({
			listening: this.#listening,
			nick: this.#nick,
			hosts: Object.freeze(
				this.#table.list().map((record) => this.#view(record)),
			),
			entries: this.#log.entries,
			counters: this.#counters,
		});
		return this.#snapshot;
	}

	async send(line: string): Promise<DeliveryReport> {
		const text = normalizeTypedLine(line);
		if (text === undefined || !this.#listening) {
			return {parts: 0, delivered: [], failed: []};
		}

		this.#append({kind: 'own', nick: this.#nick, text});
		const frames = encodeLegacy(this.#listening.port, text);
		if (frames.length > 1) {
			this.note(
				`Long line sent as ${frames.length} messages (4096-byte legacy limit).`,
			);
		}

		if (this.#table.size === 0) {
			this.note(
				'No known peers yet: /connect HOST:PORT, or wait for someone to write.',
			);
		}

		const outcomes = await this.#broadcaster.broadcast(frames);
		const delivered = outcomes
			.filter((outcome) => outcome.ok)
			.map((outcome) => outcome.host);
		const failed = outcomes.flatMap((outcome) =>
			outcome.ok ? [] : [{host: outcome.host, reason: outcome.reason}],
		);
		this.#count('sent');
		this.#count('deliveryFailures', failed.length);
		for (const failure of failed) {
			this.note(`Not delivered to ${failure.host}: ${failure.reason}`, 'error');
		}

		return {parts: frames.length, delivered, failed};
	}

	async connect(address: string): Promise<HostView> {
		const parsed = parseHostPort(address);
		if (isAddressError(parsed)) {
			throw new Error(parsed.error);
		}

		const ip = await resolveHost(parsed.host);
		if (this.#isSelf(ip, parsed.port)) {
			throw new Error(`${formatHostPort(ip, parsed.port)} is this node`);
		}

		const id = this.#learn(ip, parsed.port, 'connect');
		await this.#broadcaster.kick(id);
		return this.#view(this.#table.get(id)!);
	}

	setNick(nick: string): void {
		this.#nick = nick;
		this.note(`You are now ${nick}.`);
	}

	note(text: string, kind: 'notice' | 'error' = 'notice'): void {
		this.#append({kind, text});
	}

	clear(): void {
		this.#log.clear();
		this.#changed();
	}

	async stop(): Promise<void> {
		this.#broadcaster.stop();
		await this.#server.close();
	}

	#wireServer(): void {
		this.#server.on('payload', (ip, bytes) => {
			this.#receive(ip, bytes);
		});
		this.#server.on('foreign', (ip, firstByte) => {
			this.#count('malformed');
			const hex = firstByte.toString(16).padStart(2, '0');
			this.note(
				`Dropped a connection from ${ip}: not the legacy protocol (first byte 0x${hex}).`,
				'error',
			);
		});
		this.#server.on('oversized', (ip, bytes) => {
			this.#count('oversized');
			this.note(
				`Dropped a message from ${ip}: more than 4096 bytes (${bytes}+ received).`,
				'error',
			);
		});
		this.#server.on('timeout', () => {
			this.#count('timedOut');
		});
		this.#server.on('evicted', () => {
			this.#count('evicted');
		});
	}

	#wireBroadcaster(): void {
		this.#broadcaster.on('changed', (host) => {
			this.#hostUpdated(host);
		});
		this.#broadcaster.on('late-delivery', (host, count) => {
			this.note(
				`Delivered ${count} queued line${count === 1 ? '' : 's'} to ${host}.`,
			);
		});
		this.#broadcaster.on('dropped', (host) => {
			this.#count('queueDropped');
			this.note(
				`Outbox for ${host} is full: dropped its oldest line.`,
				'error',
			);
		});
	}

	#receive(ip: string, bytes: Uint8Array): void {
		const message = parseLegacy(bytes);
		if (isLegacyParseError(message)) {
			this.#count('malformed');
			this.note(
				`Dropped a malformed message from ${ip}: ${message.detail}.`,
				'error',
			);
			return;
		}

		const from = formatHostPort(ip, message.port);
		if (message.registrable && !this.#isSelf(ip, message.port)) {
			this.#learn(ip, message.port, 'inbound');
			this.#table.heardFrom(from, this.#now());
			this.#hostUpdated(from);
			if (this.#broadcaster.queued(from) > 0) {
				void this.#broadcaster.kick(from);
			}
		}

		this.#count('received');
		if (message.text.length > 0) {
			this.#append({kind: 'chat', from, text: message.text});
		}
	}

	/** Add a host if new (announcing and probing it); returns its id. */
	#learn(address: string, port: number, origin: HostRecord['origin']): string {
		const ip = normalizeIp(address);
		const {record, added} = this.#table.learn(ip, port, origin, this.#now());
		if (added) {
			const label =
				origin === 'bootstrap' ? 'Bootstrap host' : 'New host discovered';
			this.note(`${label}: ${record.id}`);
			this.emit('host-added', this.#view(record));
			this.#changed();
			if (origin === 'bootstrap') {
				void this.#broadcaster.kick(record.id);
			}
		}

		return record.id;
	}

	#isSelf(ip: string, port: number): boolean {
		const own = this.#listening;
		if (own?.port !== port) {
			return false;
		}

		const wildcard = own.host === '0.0.0.0' || own.host === '::';
		return wildcard
			? isLocalAddress(ip)
			: normalizeIp(ip) === normalizeIp(own.host);
	}

	#view(record: HostRecord): HostView {
		return Object.freeze({
			id: record.id,
			address: record.address,
			port: record.port,
			firstSeen: record.firstSeen,
			lastSeen: record.lastSeen,
			dialect: record.dialect,
			status: record.status,
			queued: this.#broadcaster.queued(record.id),
			failures: record.failures,
			origin: record.origin,
		});
	}

	#hostUpdated(id: string): void {
		const record = this.#table.get(id);
		if (record) {
			this.emit('host-updated', this.#view(record));
			this.#changed();
		}
	}

	#append(entry: Omit<ChatEntry, 'id' | 'time'>): void {
		const full = this.#log.append({...entry, time: this.#now()});
		this.emit('entry', full);
		this.#changed();
	}

	#count(counter: keyof ChatCounters, amount = 1): void {
		this.#counters = Object.freeze({
			...this.#counters,
			[counter]: this.#counters[counter] + amount,
		});
		this.#changed();
	}

	#changed(): void {
		this.#snapshot = undefined;
		this.emit('change');
	}
}
