/**
 * ChatService: the one object the UI and the headless mode talk to. It owns
 * the TCP server, the native links, the known-hosts table and the
 * broadcaster, turns what they report into log entries and events, and hands
 * out immutable snapshots. No React here, and no socket code of its own.
 */
import {Buffer} from 'node:buffer';
import {EventEmitter} from 'node:events';
import {parseIp} from '../protocol/address.js';
import {HostTable, type HostRecord} from '../protocol/host-table.js';
import {normalizeTypedLine} from '../protocol/legacy-codec.js';
import type {Runtime} from '../node/runtime.js';
import type {RuntimeStats} from '../node/runtime-stats.js';
import type {Broadcaster} from '../node/broadcaster.js';
import type {InboundServer} from '../node/inbound-server.js';
import {isOwnAddress} from '../node/local-addresses.js';
import type {NativeLinks} from '../node/native-links.js';
import {networkKey} from '../node/signing.js';
import {Author} from './author.js';
import {connectTarget} from './connect-target.js';
import {learnHost} from './learn-host.js';
import {BoundedSet} from './bounded-set.js';
import {ChatLog, defaultHistoryLimit} from './chat-log.js';
import {hostView, meshFacts} from './host-view.js';
import {wireLinks} from './link-events.js';
import {wireMesh} from './mesh-events.js';
import type {PeerRows} from './peer-rows.js';
import type {LegacyBridge} from './legacy-bridge.js';
import {buildNetwork} from './network-parts.js';
import {wireServer} from './server-events.js';
import type {ServiceHooks} from './service-hooks.js';
import {DeliveryTrouble, wireBroadcaster} from './broadcast-events.js';
import {publishLine} from './publish-line.js';
import {
	maxLineBytes,
	zeroCounters,
	type ChatServiceOptions,
} from './options.js';
import {describeListenError} from './listen-error.js';
import type {
	ChatCounters,
	ChatEvents,
	ChatServiceApi,
	ChatSnapshot,
	DeliveryReport,
	EntryContent,
	HostView,
} from './types.js';

export type {ChatServiceOptions} from './options.js';

export class ChatService
	extends EventEmitter<ChatEvents>
	implements ChatServiceApi
{
	readonly #options: ChatServiceOptions;
	readonly #now: () => number;
	readonly #random: () => number;
	readonly #table = new HostTable();
	readonly #server: InboundServer;
	readonly #links: NativeLinks;
	readonly #broadcaster: Broadcaster;
	readonly #log: ChatLog;
	readonly #author: Author;
	readonly #runtime: Runtime;
	readonly #bridge: LegacyBridge;
	readonly #trouble = new DeliveryTrouble();
	readonly #told = new BoundedSet(1000);
	readonly #peerRows: PeerRows;
	#listening: {host: string; port: number} | undefined;
	#counters: ChatCounters = zeroCounters;
	#snapshot: ChatSnapshot | undefined;
	#hooksObject: ServiceHooks | undefined;

	constructor(options: ChatServiceOptions) {
		super();
		this.#options = options;
		this.#now = options.now ?? Date.now;
		this.#random = options.random ?? Math.random;
		this.#log = new ChatLog(options.historyLimit ?? defaultHistoryLimit);
		this.#author = new Author(options.keyPair, options.nick);
		// Stretch the secret now (about 0.1 s), not in the middle of a handshake.
		if (options.secret !== undefined) networkKey(options.secret);
		({
			server: this.#server,
			links: this.#links,
			broadcaster: this.#broadcaster,
			runtime: this.#runtime,
			bridge: this.#bridge,
		} = buildNetwork(options, {
			table: this.#table,
			author: this.#author,
			now: this.#now,
			random: this.#random,
			listenPort: () => this.#listening?.port ?? 0,
			listening: () => this.#listening,
			hooks: () => this.#hooks(),
		}));
		const hooks = this.#hooks();
		wireServer(this.#server, this.#links, hooks);
		wireLinks(this.#links, hooks);
		wireBroadcaster(this.#broadcaster, hooks);
		this.#peerRows = wireMesh(hooks);
	}

	/** Bind the port, then add and dial the bootstrap hosts. */
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
		this.#runtime.handle({type: 'start'});
		this.#changed();
		for (const entry of this.#options.bootstrap ?? []) {
			const ip = parseIp(entry.host);
			if (ip === undefined) {
				this.note(
					`Bootstrap host "${entry.host}" is not an IP address: skipped.`,
					'error',
				);
				continue;
			}

			learnHost(this.#hooks(), {address: ip, port: entry.port}, 'bootstrap');
		}
	}

	getSnapshot(): ChatSnapshot {
		this.#snapshot ??= Object.freeze({
			listening: this.#listening,
			nick: this.#author.nick,
			identity: this.#author.identity,
			network: this.#options.secret === undefined ? 'open' : 'secret',
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

		if (Buffer.byteLength(text) > maxLineBytes) {
			throw new Error(
				`That line is ${Buffer.byteLength(text)} bytes; the limit is ${maxLineBytes}. Nothing was sent.`,
			);
		}

		const outgoing = this.#author.compose(
			text,
			this.#now(),
			this.#listening.port,
		);
		this.#append({
			kind: 'own',
			nick: this.#author.nick,
			fingerprint: this.#author.fingerprint,
			text,
		});
		if (this.#table.size === 0) {
			this.note(
				'No known peers yet: /connect HOST:PORT, or wait for someone to write.',
			);
		}

		return publishLine(this.#hooks(), outgoing);
	}

	async connect(address: string): Promise<HostView> {
		const {ip, port} = await connectTarget(this.#hooks(), address);
		const {id} = learnHost(this.#hooks(), {address: ip, port}, 'connect');
		await this.#broadcaster.kick(id);
		const record = this.#table.get(id);
		if (!record) {
			throw new Error(`${id} is this node`);
		}

		return this.#view(record);
	}

	/** Frames received per kind (before de-duplication) and lines delivered. */
	stats(): RuntimeStats {
		return this.#runtime.stats();
	}

	setNick(nick: string): void {
		this.#author.nick = nick;
		this.#runtime.handle({type: 'set-nick', nick});
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
		// Goodbye first, so the others show us gone at once, not after a timeout.
		this.#runtime.leave();
		this.#peerRows.stop();
		this.#broadcaster.stop();
		// Stop accepting first (the server's close waits for every socket it
		// ever accepted, native ones included), then end the links.
		const serverClosed = this.#server.close();
		await this.#links.closeAll();
		await serverClosed;
	}

	/** The seam the event handlers in server-events.ts and link-events.ts use. */
	#hooks(): ServiceHooks {
		this.#hooksObject ??= {
			secret: this.#options.secret,
			table: this.#table,
			broadcaster: this.#broadcaster,
			runtime: this.#runtime,
			trouble: this.#trouble,
			author: this.#author,
			listenPort: () => this.#listening?.port ?? 0,
			bridge: this.#bridge,
			now: this.#now,
			random: this.#random,
			count: (counter, amount) => {
				this.#count(counter, amount);
			},
			note: (text, kind) => {
				this.note(text, kind);
			},
			append: (entry) => {
				this.#append(entry);
			},
			changed: () => {
				this.#changed();
			},
			isSelf: (ip, port) => this.#isSelf(ip, port),
			once: (key) => this.#told.first(key),
			dialNative: async (ip, port) =>
				this.#links.dial(ip, port, this.#options.sendTimeoutMs ?? 3000),
			learn: (address, port, origin, dialect) =>
				learnHost(this.#hooks(), {address, port}, origin, dialect),
			hostAdded: (id) => {
				this.#announce(id);
			},
		};
		return this.#hooksObject;
	}

	#announce(id: string): void {
		const record = this.#table.get(id);
		if (record) this.emit('host-added', this.#view(record));
	}

	#isSelf(ip: string, port: number): boolean {
		return isOwnAddress(this.#listening, ip, port);
	}

	#view(record: HostRecord): HostView {
		const link = record.publicKey
			? this.#links.get(record.publicKey)
			: undefined;
		return hostView(record, {
			queued: this.#broadcaster.queued(record.id),
			attempting: this.#broadcaster.busy(record.id),
			link: link?.ready ? {initiator: link.initiator} : undefined,
			serves:
				this.#options.secret === undefined
					? this.#bridge.serves(record)
					: undefined,
			...meshFacts(this.#runtime.view, record.publicKey, this.#now()),
		});
	}

	#append(entry: EntryContent): void {
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
