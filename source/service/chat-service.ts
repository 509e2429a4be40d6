/**
 * ChatService: the one object the UI and the headless mode talk to. It
 * assembles a node (`network-parts.ts`), turns what the parts report into
 * log entries, counters and events (through its `Report`), and hands out
 * immutable snapshots. No React here, and no socket code of its own.
 */
import {EventEmitter} from 'node:events';
import type {RuntimeStats} from '../node/runtime-stats.js';
import {Attention, type LoggedEntry} from './attention.js';
import {Author} from './author.js';
import {
	entryOf,
	History,
	keyOf,
	type KeptLine,
	type StoredLine,
} from './history.js';
import {PagedHistory} from './paged-history.js';
import {isRestartMarker, newSinceMarker} from './restart-marker.js';
import {connectTarget} from './connect-target.js';
import {hostViews, rowOf} from './host-view.js';
import {describeListenError} from './listen-error.js';
import {buildNetwork, type NetworkParts} from './network-parts.js';
import {zeroCounters, type ChatServiceOptions} from './options.js';
import {createReport} from './report.js';
import {Speaker} from './speaker.js';
import {Topic} from './topic.js';
import type {
	ChatCounters,
	ChatEvents,
	ChatServiceApi,
	ChatSnapshot,
	ChatEntry,
	DeliveryReport,
	EntryContent,
	HistorySummary,
	HostView,
	SearchHit,
	SendOptions,
} from './types.js';

export type {ChatServiceOptions} from './options.js';

/** How often the peers met are saved, at most (see `#savePeersSoon`). */
const savePeersEveryMs = 5000;

export class ChatService
	extends EventEmitter<ChatEvents>
	implements ChatServiceApi
{
	readonly #options: ChatServiceOptions;
	readonly #now: () => number;
	readonly #log: PagedHistory['log'];
	readonly #author: Author;
	readonly #parts: NetworkParts;
	/** Says our lines (plain, actions, private, topics) and publishes them. */
	readonly #speaker: Speaker;
	/** The room's topic: the newest topic line. */
	readonly #topic: Topic;
	/** The conversation on disk, if this node keeps one. */
	readonly #history: History | undefined;
	/** Older lines read from the history as the reader scrolls up, and searches. */
	readonly #paged: PagedHistory;
	/** Unread lines, mentions, the read marker and the away message. */
	readonly #attention: Attention;
	/** Entries appended since listeners last heard: told once they are stored. */
	#untold: ChatEntry[] = [];

	#listening: {host: string; port: number} | undefined;
	/** Saving the peers met is due (at most every `savePeersEveryMs`). */
	#peersSave: NodeJS.Timeout | undefined;
	/**
	 * Counted so far, changed in place: a line counts two or three things,
	 * and a fresh frozen copy for each was most of a line's garbage. The
	 * snapshot freezes a copy once per change.
	 */
	readonly #counters: Record<keyof ChatCounters, number> = {...zeroCounters};
	#snapshot: ChatSnapshot | undefined;
	#changePending = false;
	#stopped = false;

	constructor(options: ChatServiceOptions) {
		super();
		this.#options = options;
		this.#now = options.now ?? Date.now;
		// First: it refuses a bad nick, before anything else is made.
		this.#author = new Author(options.keyPair, options.nick);
		this.#history =
			options.history &&
			new History(options.history, (text) => {
				this.note(text, 'error');
			});
		this.#paged = new PagedHistory(this.#history, options.historyLimit);
		this.#log = this.#paged.log;
		this.#attention = new Attention({
			now: this.#now,
			nick: () => this.#author.nick,
		});
		this.#restoreHistory();
		this.#history?.keepNick(options.nick);
		const history = this.#history;
		this.#topic = new Topic(
			history && {
				load: () => history.setting('topic'),
				save(value) {
					history.keepSetting('topic', value);
				},
			},
		);
		const report = createReport(
			{
				note: (text, kind) => {
					this.note(text, kind);
				},
				append: (entry, kept) => {
					this.#append(entry, kept);
				},
				keep: (line) => {
					this.#keep(line);
				},
				count: (counter, amount) => {
					this.#count(counter, amount);
				},
				changed: () => {
					this.#changed();
				},
			},
			this.#now,
		);
		this.#parts = buildNetwork(options, {
			author: this.#author,
			now: this.#now,
			random: options.random ?? Math.random,
			listening: () => this.#listening,
			report,
			topic: this.#topic,
			storedFrames:
				this.#history && ((ids) => this.#history?.frames(ids) ?? []),
		});
		const {hosts, runtime} = this.#parts;
		this.#speaker = new Speaker({
			author: this.#author,
			now: this.#now,
			report,
			hosts,
			runtime,
			topic: this.#topic,
			listening: () => this.#listening,
			rows: () => this.getSnapshot().hosts,
			rooms: () => this.#parts.rooms.names,
		});
	}

	/** Bind the port, then add and dial the bootstrap hosts. */
	async start(): Promise<void> {
		const host = this.#options.host ?? '0.0.0.0';
		const {server, runtime, hosts} = this.#parts;
		// Before the port opens: no line may reach the core before the floors.
		const unreadable = await runtime.restore();
		const stored = this.#history?.replayFloors(this.#now());
		if (stored) runtime.handle({type: 'restore-replay', floors: stored});
		this.#restoreCatchUp();
		try {
			this.#listening = await server.listen(host, this.#options.port);
		} catch (error) {
			throw new Error(describeListenError(error, host, this.#options.port), {
				cause: error,
			});
		}

		if (this.#stopped) {
			// Stopped while the port was opening: close it again.
			await server.close();
			return;
		}

		if (unreadable !== undefined) {
			this.note(
				`Could not read the replay floors (${unreadable}): they start empty and are saved anew.`,
				'error',
			);
		}

		runtime.handle({type: 'start'});
		this.#changed();
		hosts.bootstrap(this.#options.bootstrap ?? []);
		for (const name of this.#options.rooms ?? [])
			void this.#parts.rooms.join(name);
		if (this.#history) {
			// The peers met before: dialed again, so a restart rejoins by itself.
			const peers = this.#history.peers();
			if (peers.length > 0) runtime.handle({type: 'restore-peers', peers});

			runtime.on('peers-changed', () => {
				this.#savePeersSoon();
			});
		}
	}

	getSnapshot(): ChatSnapshot {
		if (this.#snapshot) return this.#snapshot;
		const {entries, paging} = this.#paged.show(this.#log.entries);
		const hosts = Object.freeze(this.#rows());
		this.#snapshot = Object.freeze({
			listening: this.#listening,
			nick: this.#author.nick,
			identity: this.#author.identity,
			network: this.#options.secret === undefined ? 'open' : 'secret',
			hosts,
			entries,
			paging,
			counters: Object.freeze({...this.#counters}),
			topic: this.#topic.current,
			query: this.#speaker.queryIn(hosts),
			attention: this.#attention.view(this.#markerAbove(entries, paging)),
		});
		return this.#snapshot;
	}

	async send(line: string, options?: SendOptions): Promise<DeliveryReport> {
		return this.#speaker.send(line, options);
	}

	async setTopic(text: string): Promise<DeliveryReport> {
		return this.#speaker.setTopic(text);
	}

	setQuery(to: string | undefined): void {
		this.#speaker.setQuery(to);
	}

	queryKey(): string | undefined {
		// Asked for every typed line: the sidebar's rows are not built for it.
		return this.#speaker.queryKey;
	}

	async connect(address: string): Promise<HostView> {
		const {hosts} = this.#parts;
		const {ip, port} = await connectTarget(hosts, address);
		const {id} = hosts.learn(ip, port, 'connect');
		await hosts.kick(id);
		const record = hosts.get(id);
		const row = record && rowOf(this.#rows(), record);
		if (!row) {
			throw new Error(`${id} is this node`);
		}

		return row;
	}

	get inspector(): NetworkParts['inspector'] {
		return this.#parts.inspector;
	}

	/** Where the inspector watches frames pass (tests check it idles while nobody looks). */
	get frameTap(): NetworkParts['tap'] {
		return this.#parts.tap;
	}

	/** Frames received per kind (before de-duplication) and lines delivered. */
	async joinRoom(name: string): Promise<void> {
		await this.#parts.rooms.join(name);
	}

	stats(): RuntimeStats {
		return this.#parts.runtime.stats();
	}

	setNick(nick: string): void {
		// No change: nothing to announce, and nobody to tell but us.
		if (nick === this.#author.nick) {
			this.note(`You are ${nick} already.`);
			return;
		}

		// Throws for a nick peers would refuse.
		this.#author.nick = nick;
		this.#history?.keepNick(nick);
		this.#parts.runtime.handle({type: 'set-nick', nick});
		this.note(`You are now ${nick}.`);
	}

	note(text: string, kind: 'notice' | 'error' = 'notice'): void {
		this.#append({kind, text});
	}

	clear(): void {
		this.#log.clear();
		this.#paged.drop();
		this.#changed();
	}

	historySummary(): HistorySummary | undefined {
		return this.#history?.summary();
	}

	search(text: string): readonly SearchHit[] | undefined {
		return this.#paged.search(text);
	}

	jump(number: number): void {
		this.#paged.jump(number);
		this.#changed();
	}

	inputHistory(): readonly string[] {
		return this.#history?.typedLines() ?? [];
	}

	keepInput(line: string): void {
		this.#history?.keepTyped(line);
	}

	pageOlder(): void {
		if (this.#paged.older()) this.#changed();
	}

	pageNewer(): void {
		if (this.#paged.newer()) this.#changed();
	}

	dropPages(): void {
		if (this.#paged.drop()) this.#changed();
	}

	markRead(): void {
		this.#attention.markRead(this.#log.newestKey);
		this.#changed();
	}

	setFollowing(following: boolean): void {
		this.#attention.setFollowing(following, this.#log.newestKey);
		this.#changed();
	}

	setAway(message: string | undefined): void {
		const was = this.#attention.away;
		this.#attention.setAway(message);
		if (message !== undefined) {
			const said = message === '' ? '' : ` (${message})`;
			this.note(
				`You are away${said}: what comes is kept unread. /away again when you are back.`,
			);
		} else if (was !== undefined) {
			this.note('You are back.');
		}
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		const {runtime, peerNotices, hosts, server, links} = this.#parts;
		// Goodbye first, so the others show us gone at once, not after a timeout.
		runtime.leave();
		// What a restart must still refuse; a save that fails is not a reason not to stop.
		const saved = runtime.persist().catch(() => undefined);
		peerNotices.stop();
		hosts.stop();
		// Stop accepting first (the server's close waits for every socket it
		// ever accepted, native ones included), then end the links.
		const serverClosed = server.close();
		await links.closeAll();
		// The links are ended: now the DHT node can go (it unannounces us).
		await this.#parts.rooms.stop();
		await Promise.all([serverClosed, saved]);
		// What came in while stopping is kept; nothing after.
		clearTimeout(this.#peersSave);
		this.#history?.savePeers(runtime.view.remembered());
		this.#keepReadKey();
		this.#history?.close();
	}

	/** What catch-up holds already: the signed lines stored in its window. */
	#restoreCatchUp(): void {
		const {runtime} = this.#parts;
		const window = runtime.view.catchUpWindow;
		if (!this.#history || !window) return;
		const items = this.#history.signedSince(
			this.#now() - window.windowMs,
			window.maxLines,
		);
		runtime.handle({type: 'restore-sync', items});
	}

	#rows(): HostView[] {
		const {peerNotices} = this.#parts;
		return hostViews(
			{
				...this.#parts,
				offlineSince: (key) => peerNotices.offlineSince(key),
			},
			{secret: this.#options.secret !== undefined, now: this.#now()},
		);
	}

	/**
	 * A log entry: a chat line (`kept`) is placed in the display order by
	 * its stored form (author time, key, sequence) and staged for the
	 * history if the node keeps one; told to listeners once it is on disk
	 * (`#changed`). A kept line shows its author's time.
	 */
	#append(entry: EntryContent, kept?: KeptLine): void {
		const time = kept?.time ?? this.#now();
		const line = kept?.stored();
		const key = line && keyOf(line);
		const full = this.#log.append({...entry, time}, key);
		if (line && this.#history) this.#history.stage(line);
		this.#attention.logged({entry: full, key});
		this.#untold.push(full);
		this.#changed();
	}

	/** Keep a line nobody is shown (committed with the next change). */
	#keep(line: StoredLine): void {
		if (!this.#history) return;
		this.#history.stage(line);
		this.#changed();
	}

	/**
	 * Remember the peers worth rejoining soon: they change with every link
	 * in the mesh, and the store needs them only to rejoin after a restart
	 * (a SIGKILL loses the last few seconds of changes, at most).
	 */
	#savePeersSoon(): void {
		if (this.#peersSave !== undefined || this.#stopped) return;
		this.#peersSave = setTimeout(() => {
			this.#peersSave = undefined;
			this.#history?.savePeers(this.#parts.runtime.view.remembered());
		}, savePeersEveryMs);
		this.#peersSave.unref();
	}

	/**
	 * The newest stored lines, then a marker where this run begins: placed
	 * right after the last of them, so a line missed while the node was
	 * away (caught up later, older than now) still comes below it.
	 */
	#restoreHistory(): void {
		const restored = this.#history?.restore() ?? [];
		const logged: LoggedEntry[] = restored.map((line) => {
			const key = keyOf(line);
			return {entry: this.#log.append(entryOf(line), key), key};
		});
		this.#attention.restore(logged, this.#history?.readKey());
		if (restored.length === 0) return;
		this.#log.append(
			{kind: 'notice', text: newSinceMarker, time: this.#now()},
			this.#log.newestKey,
		);
	}

	/**
	 * The id of the entry the read marker goes above: the first in the log
	 * after where reading stopped (none if nothing is, or if the marker of
	 * where this run began stands there already).
	 */
	#markerAbove(
		entries: readonly ChatEntry[],
		paging: ChatSnapshot['paging'],
	): number | undefined {
		const place = this.#attention.markerPlace();
		if (place === undefined) return undefined;
		const index = paging.paged + this.#log.indexAfter(place.key);
		// Right below the marker of where this run began, it would say the same.
		if (isRestartMarker(entries[index - 1])) return undefined;

		return entries[index]?.id;
	}

	/** Keep where the reader stopped reading, if it moved. */
	#keepReadKey(): void {
		const key = this.#attention.takeReadKey();
		if (key) this.#history?.keepReadKey(key);
	}

	#count(counter: keyof ChatCounters, amount = 1): void {
		if (amount === 0) return;
		this.#counters[counter] += amount;
		this.#changed();
	}

	/**
	 * The snapshot is stale from now on; listeners hear of it once per turn
	 * of the event loop, however many things changed in it (a burst of
	 * announcements changes many rows at once).
	 */
	#changed(): void {
		this.#snapshot = undefined;
		if (this.#changePending) return;
		this.#changePending = true;
		queueMicrotask(() => {
			this.#changePending = false;
			// Stored before shown: a SIGKILL after this loses nothing on screen.
			this.#history?.commit();
			this.#keepReadKey();
			const untold = this.#untold;
			this.#untold = [];
			for (const entry of untold) this.emit('entry', entry);
			this.emit('change');
		});
	}
}
