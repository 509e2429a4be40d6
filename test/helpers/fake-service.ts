/**
 * An in-memory ChatServiceApi for UI tests: no sockets. It keeps a snapshot,
 * replaces it (a new object, as the real service does) on every change,
 * emits `change`, and records every call the UI makes.
 */
import {createHash} from 'node:crypto';
import {EventEmitter} from 'node:events';
import type {
	AttentionView,
	ChatEntry,
	ChatServiceApi,
	ChatSource,
	ChatSnapshot,
	DeliveryReport,
	EntryContent,
	HistorySummary,
	PagingView,
	SearchHit,
	AddressView,
	HostStatus,
	HostView,
	LegacyHostView,
	PeerView,
	SendOptions,
} from '../../source/service/types.js';
import {zeroCounters} from '../../source/service/options.js';
import {findPeer} from '../../source/service/find-peer.js';
import {FakeInspector} from './fake-inspector.js';

/** One recorded call of a service method. */
export type FakeCall = {readonly method: string; readonly args: unknown[]};

/** A made-up public key (64 hex digits) that depends only on `seed`. */
export function fakeKey(seed: string): string {
	return createHash('sha256').update(seed).digest('hex');
}

/** An identity (key and fingerprint) made from `seed`. */
export function fakeIdentity(seed: string): {
	publicKey: string;
	fingerprint: string;
} {
	const publicKey = fakeKey(seed);
	return {publicKey, fingerprint: publicKey.slice(0, 8)};
}

/** What an address row (legacy host or address being tried) has by default. */
function addressFacts(id: string) {
	const colon = id.lastIndexOf(':');
	return {
		id,
		address: id.slice(0, colon).replaceAll(/^\[|\]$/gv, ''),
		port: Number(id.slice(colon + 1)),
		firstSeen: Date.now() - 60_000,
		lastSeen: Date.now() - 12_000,
		status: 'unknown' as HostStatus,
		queued: 0,
		failures: 0,
		origin: 'bootstrap' as const,
	};
}

/** A legacy host row with defaults; `id` must be `ip:port`. */
export function makeHost(
	id: string,
	overrides: Partial<Omit<LegacyHostView, 'kind' | 'state'>> = {},
): LegacyHostView {
	return {
		...addressFacts(id),
		kind: 'legacy',
		state: 'legacy',
		route: undefined,
		...overrides,
	};
}

/**
 * An address being tried, nothing known there yet; `state` follows
 * `status` (offline once an attempt failed) unless given.
 */
export function makeAddress(
	id: string,
	overrides: Partial<Omit<AddressView, 'kind'>> = {},
): AddressView {
	const facts = {...addressFacts(id), ...overrides};
	return {
		state: facts.status === 'unreachable' ? 'offline' : 'connecting',
		...facts,
		kind: 'address',
	};
}

/**
 * A native peer listening at `address`, online and dialed by us unless
 * overridden, whose key is made from `keySeed` (default: the nick and the
 * address, so two peers with one nick have different keys).
 */
export function makeNativeHost(
	address: string,
	nick: string,
	overrides: Partial<Omit<PeerView, 'kind'>> & {keySeed?: string} = {},
): PeerView {
	const {keySeed = `${nick}@${address}`, ...rest} = overrides;
	const {publicKey, fingerprint} = fakeIdentity(keySeed);
	return {
		kind: 'peer',
		id: publicKey,
		state: 'online',
		publicKey,
		fingerprint,
		nick,
		address,
		reach: {kind: 'direct', direction: 'dialed', via: {kind: 'tcp'}},
		left: false,
		lastSeen: Date.now() - 12_000,
		...rest,
	};
}

/** A native peer known but not reachable now (offline unless overridden). */
export function makeOfflinePeer(
	address: string,
	nick: string,
	overrides: Partial<Omit<PeerView, 'kind'>> & {keySeed?: string} = {},
): PeerView {
	return makeNativeHost(address, nick, {
		state: 'offline',
		reach: {kind: 'none'},
		...overrides,
	});
}

/** Nothing paged in from a history. */
export const noPaging: PagingView = {paged: 0, gap: false, focus: undefined};

/** Nothing unread, no mention, no marker, here. */
export const noAttention: AttentionView = {
	unread: 0,
	mentions: 0,
	lastMention: undefined,
	marker: undefined,
	away: undefined,
};

export class FakeChatService extends EventEmitter implements ChatServiceApi {
	readonly calls: FakeCall[] = [];
	/** What `historySummary` answers; none (no history) unless a test sets it. */
	history: HistorySummary | undefined;
	/** What `search` answers; none (no history) unless a test sets it. */
	searchHits: readonly SearchHit[] | undefined;
	/**
	 * Stored lines above the first entry, oldest first: `pageOlder` moves
	 * the last `pageSize` of them to the top of the entries.
	 */
	storedAbove: ChatEntry[] = [];
	/** Lines typed before (what `inputHistory` answers), oldest first. */
	typed: readonly string[] = [];
	pageSize = 50;
	/** What `/inspect` and `/map` show: frames and a map a test pushes in. */
	readonly inspector = new FakeInspector();
	private snapshot: ChatSnapshot;
	private nextId = 1;

	constructor(initial: Partial<ChatSnapshot> = {}) {
		super();
		this.snapshot = {
			listening: {host: '127.0.0.1', port: 7001},
			nick: 'me',
			identity: fakeIdentity('self'),
			network: 'open',
			hosts: [],
			entries: [],
			paging: noPaging,
			counters: zeroCounters,
			topic: undefined,
			query: undefined,
			attention: noAttention,
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
		sent: [],
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

	async send(text: string, options?: SendOptions): Promise<DeliveryReport> {
		// Recorded as before when there are no options: most tests send plain lines.
		if (options === undefined) this.record('send', text);
		else this.record('send', text, options);
		const {nick, identity} = this.snapshot;
		this.addEntry({
			kind: 'own',
			nick,
			fingerprint: identity.fingerprint,
			text,
			...(options?.action ? {style: {type: 'action'}} : {}),
		});
		return this.sendImpl(text);
	}

	async setTopic(text: string): Promise<DeliveryReport> {
		this.record('setTopic', text);
		const {nick, identity} = this.snapshot;
		const by = {nick, fingerprint: identity.fingerprint};
		this.update({topic: {text, by, time: Date.now()}});
		this.addEntry({...by, kind: 'own', text, style: {type: 'topic'}});
		return this.sendImpl(text);
	}

	/** As the real service: a name must mean one native peer of the rows. */
	queryKey(): string | undefined {
		return this.snapshot.query?.publicKey;
	}

	setQuery(to: string | undefined): void {
		this.record('setQuery', to);
		if (to === undefined) {
			this.update({query: undefined});
			return;
		}

		const {hosts, identity, nick} = this.snapshot;
		const found = findPeer(hosts, {publicKey: identity.publicKey, nick}, to);
		if ('problem' in found) throw new Error(found.problem);
		const {publicKey, fingerprint} = found.peer;
		this.update({query: {publicKey, fingerprint, nick: found.peer.nick}});
	}

	async connect(address: string): Promise<HostView> {
		this.record('connect', address);
		const host = await this.connectImpl(address);
		this.update({hosts: [...this.snapshot.hosts, host]});
		return host;
	}

	async joinRoom(name: string): Promise<void> {
		this.record('joinRoom', name);
	}

	setNick(nick: string): void {
		this.record('setNick', nick);
		if (nick === this.snapshot.nick) {
			this.note(`You are ${nick} already.`);
			return;
		}

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

	historySummary(): HistorySummary | undefined {
		return this.history;
	}

	search(text: string): readonly SearchHit[] | undefined {
		this.record('search', text);
		return this.searchHits;
	}

	jump(number: number): void {
		this.record('jump', number);
		if (number > (this.searchHits?.length ?? 0)) {
			throw new Error(`No result ${number}.`);
		}
	}

	inputHistory(): readonly string[] {
		return this.typed;
	}

	keepInput(line: string): void {
		this.record('keepInput', line);
		this.typed = [...this.typed, line];
	}

	pageOlder(): void {
		this.record('pageOlder');
		const page = this.storedAbove.splice(-this.pageSize);
		if (page.length === 0) return;
		const {entries, paging} = this.snapshot;
		this.update({
			entries: [...page, ...entries],
			paging: {...paging, paged: paging.paged + page.length},
		});
	}

	pageNewer(): void {
		this.record('pageNewer');
	}

	dropPages(): void {
		this.record('dropPages');
		const {entries, paging} = this.snapshot;
		if (paging.paged === 0 && paging.focus === undefined) return;
		this.storedAbove.push(...entries.slice(0, paging.paged));
		this.update({entries: entries.slice(paging.paged), paging: noPaging});
	}

	markRead(): void {
		this.record('markRead');
		const {attention} = this.snapshot;
		if (attention.unread > 0 || attention.mentions > 0) {
			this.update({attention: {...attention, unread: 0, mentions: 0}});
		}
	}

	setFollowing(following: boolean): void {
		this.record('setFollowing', following);
		if (following) this.markRead();
	}

	setAway(message: string | undefined): void {
		this.record('setAway', message);
		this.update({attention: {...this.snapshot.attention, away: message}});
	}

	async stop(): Promise<void> {
		this.record('stop');
	}

	/** Append one entry (as if it arrived) and emit `change`. */
	addEntry(entry: EntryContent & {time?: number}): ChatEntry {
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

/** Who wrote a chat entry: a signed native author, or a legacy address. */
export type FakeAuthor =
	{readonly nick: string; readonly fingerprint: string} | 'legacy';

/** The source of a signed native chat entry by `nick` with `keySeed`'s key. */
export function nativeAuthor(
	nick: string,
	keySeed = nick,
): {type: 'native'; nick: string; fingerprint: string} {
	return {type: 'native', nick, fingerprint: fakeIdentity(keySeed).fingerprint};
}

/**
 * `count` chat entries `message 1` … `message N` from one peer: signed by
 * `bob` unless `author` says otherwise (`'legacy'`: plain-text lines).
 */
export function makeEntries(
	count: number,
	from = '127.0.0.1:7002',
	author: FakeAuthor = nativeAuthor('bob'),
): ChatEntry[] {
	const start = Date.now() - count * 1000;
	const source: ChatSource =
		author === 'legacy'
			? {type: 'legacy', address: from}
			: {
					type: 'native',
					nick: author.nick,
					fingerprint: author.fingerprint,
					address: from,
				};
	return Array.from({length: count}, (_, index) => ({
		id: index + 1,
		time: start + index * 1000,
		kind: 'chat' as const,
		source,
		text: `message ${index + 1}`,
	}));
}
