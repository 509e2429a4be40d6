/**
 * The service's side of the history store: which log entries are kept and
 * how a stored line reads again as an entry. Lines are staged as they are
 * appended and committed in one transaction before anyone is told of them
 * (`ChatService` commits before it emits `entry` and `change`), so what was
 * shown survives a SIGKILL. A store that fails to write is reported once;
 * the chat goes on without it.
 */
import {formatHostPort, parseIp} from '../protocol/address.js';
import {displayTime, type DisplayKey} from '../protocol/display-order.js';
import {maxClockSkewMs} from '../protocol/limits.js';
import type {BridgedLine, PeerAddress} from '../protocol/gossip-messages.js';
import {encodeFrame, type ChatEnvelope} from '../protocol/native-frames.js';
import {nickProblem} from '../protocol/nick.js';
import {fingerprintOf, parsePeerKey, peerKeyOf} from '../protocol/peer-key.js';
import type {RememberedPeer} from '../protocol/membership-types.js';
import type {SyncItem} from '../protocol/sync-set.js';
import {errorMessage} from '../node/error-info.js';
import {messageId} from '../node/signing.js';
import type {HistoryStore, StoredLine} from '../node/store/history-store.js';
import {readStored} from './marked-lines.js';
import type {EntryContent} from './types.js';

export type {StoredLine} from '../node/store/history-store.js';

/**
 * A chat line as the log may keep it: when its author wrote it (the time
 * every screen shows), and how to make the stored line. The service makes
 * it once per line, history or not: its author, sequence and id are the
 * line's place in the display order (`keyOf`); a frame encoding and, for
 * our own lines, a hash, a few microseconds beside the signature check
 * every line has had.
 */
export type KeptLine = {
	readonly time: number;
	readonly stored: () => StoredLine;
};

/** How many stored lines are shown at start (the scrollback's worth). */
export const restoredLines = 500;

/** Peers a restart dials again, at most (the most recently seen). */
export const restoredPeers = 64;

/** Lines typed in the input box that the history keeps for Up/Down. */
export const keptTypedLines = 500;

export class History {
	readonly #store: HistoryStore;
	readonly #tell: (text: string) => void;
	#staged: StoredLine[] = [];
	#failed = false;
	#failedRead = false;
	#closed = false;

	/** `tell`: say that a write failed (once, until one works again). */
	constructor(store: HistoryStore, tell: (text: string) => void) {
		this.#store = store;
		this.#tell = tell;
	}

	/** The newest stored lines, in display order (the log shows them at start). */
	restore(limit = restoredLines): StoredLine[] {
		return this.#read(() => this.#store.latest(limit));
	}

	/** The `limit` stored lines just before `key` in display order, oldest first. */
	before(key: DisplayKey, limit: number): StoredLine[] {
		return this.#read(() => this.#store.before(key, limit));
	}

	/** The `limit` stored lines just after `key` in display order, oldest first. */
	after(key: DisplayKey, limit: number): StoredLine[] {
		return this.#read(() => this.#store.after(key, limit));
	}

	/** The stored line with message id `id`, if it is there (and readable). */
	line(id: string): StoredLine | undefined {
		return this.#read(() => {
			const line = this.#store.line(id);
			return line ? [line] : [];
		})[0];
	}

	/** The newest `limit` lines whose text contains `text` (as a phrase), oldest first. */
	search(text: string, limit: number): StoredLine[] {
		return this.#read(() => this.#store.search(text, limit));
	}

	/** Keep `line` with the next commit. */
	stage(line: StoredLine): void {
		if (!this.#closed) this.#staged.push(line);
	}

	/** Write what was staged, in one transaction. */
	commit(): void {
		if (this.#staged.length === 0) return;
		const lines = this.#staged;
		this.#staged = [];
		this.#write(() => {
			this.#store.addAll(lines);
		});
	}

	/** Keep `nick` as the one this profile uses next time. */
	keepNick(nick: string): void {
		if (this.#closed) return;
		this.#write(() => {
			this.#store.setNick(nick);
		});
	}

	/** A setting kept across restarts (`HistoryStore.setting`), if readable. */
	setting(name: string): string | undefined {
		if (this.#closed) return undefined;
		try {
			return this.#store.setting(name);
		} catch {
			return undefined;
		}
	}

	keepSetting(name: string, value: string): void {
		if (this.#closed) return;
		this.#write(() => {
			this.#store.setSetting(name, value);
		});
	}

	/** Where the reader stopped reading before this run, if it was kept. */
	readKey(): DisplayKey | undefined {
		try {
			return this.#closed ? undefined : parseKey(this.#store.readMark());
		} catch {
			return undefined;
		}
	}

	/** Keep where the reader stopped reading, for the next run. */
	keepReadKey(key: DisplayKey): void {
		if (this.#closed) return;
		this.#write(() => {
			this.#store.setReadMark(JSON.stringify(key));
		});
	}

	/** The lines typed before, oldest first (Up recalls them). */
	typedLines(): string[] {
		return this.#read(() => this.#store.typedLines(keptTypedLines));
	}

	/** Keep a typed line for Up/Down after a restart. */
	keepTyped(line: string): void {
		if (this.#closed) return;
		this.#write(() => {
			this.#store.keepTyped(line, keptTypedLines);
		});
	}

	/**
	 * The replay floors the stored lines imply: every signed line that could
	 * still pass the clock check at `now` is one a restarted node must
	 * refuse if it comes again (hardening finding 8, kill -9 included).
	 */
	replayFloors(now: number): Array<[string, number]> {
		return this.#store.newestSequences(now - maxClockSkewMs);
	}

	/**
	 * The signed lines catch-up starts from: written at or after `since`,
	 * the newest `limit`. A store that cannot be read gives none (the node
	 * then fetches again what it lacks).
	 */
	signedSince(since: number, limit: number): SyncItem[] {
		try {
			return this.#store.signedSince(since, limit);
		} catch {
			return [];
		}
	}

	/** The frames of lines a peer asked for, as they travelled (none the store cannot give). */
	frames(ids: readonly string[]): Uint8Array[] {
		if (this.#closed) return [];
		try {
			return this.#store.frames(ids);
		} catch {
			return [];
		}
	}

	/** Remember where the peers worth rejoining were last seen to listen, and their nicks. */
	savePeers(peers: readonly RememberedPeer[]): void {
		if (this.#closed || peers.length === 0) return;
		this.#write(() => {
			this.#store.savePeers(
				peers.map(({key, address, heardAt, nick}) => ({
					key,
					ip: address.ip,
					port: address.port,
					lastSeen: heardAt,
					nick,
				})),
			);
		});
	}

	/**
	 * The peers met before, most recently heard of first (checked as they
	 * are read: a nick an announcement could not carry is left out, the
	 * peer kept).
	 */
	peers(limit = restoredPeers): RememberedPeer[] {
		return this.#store.peers(limit).flatMap((peer) => {
			const key = parsePeerKey(peer.key);
			const ip = parseIp(peer.ip);
			const nick =
				peer.nick === undefined || nickProblem(peer.nick) !== undefined
					? undefined
					: peer.nick;
			return key === undefined || ip === undefined
				? []
				: [
						{
							key,
							address: {ip, port: peer.port},
							heardAt: peer.lastSeen,
							nick,
						},
					];
		});
	}

	/** How many lines are kept, since when, and where. */
	summary(): {count: number; since: number | undefined; file: string} {
		return {...this.#store.summary(), file: this.#store.file};
	}

	close(): void {
		if (this.#closed) return;
		this.commit();
		this.#closed = true;
		this.#store.close();
	}

	/**
	 * Read from the store; a failure (a disk error, a closed store) reads as
	 * nothing, told once: scrolling or searching must not end the chat.
	 */
	#read<T>(action: () => T[]): T[] {
		try {
			return this.#closed ? [] : action();
		} catch (error) {
			if (!this.#failedRead) {
				this.#tell(`Could not read the history (${errorMessage(error)}).`);
			}

			this.#failedRead = true;
			return [];
		}
	}

	/** Write to the store; a failure is told once, until a write works again. */
	#write(action: () => void): void {
		try {
			action();
			this.#failed = false;
		} catch (error) {
			if (!this.#failed) {
				this.#tell(
					`Could not write to the history (${errorMessage(error)}): lines are shown but not kept.`,
				);
			}

			this.#failed = true;
		}
	}
}

/** A display key as `keepReadKey` wrote it; undefined for anything else. */
function parseKey(text: string | undefined): DisplayKey | undefined {
	if (text === undefined) return undefined;
	const value: unknown = JSON.parse(text);
	if (
		typeof value !== 'object' ||
		value === null ||
		!('time' in value && 'author' in value && 'seq' in value && 'id' in value)
	) {
		return undefined;
	}

	const {time, author, seq, id} = value;
	return typeof time === 'number' &&
		typeof author === 'string' &&
		typeof seq === 'number' &&
		typeof id === 'string'
		? {time, author, seq, id}
		: undefined;
}

/** Where a stored line sits in the display order. */
export function keyOf(line: StoredLine): DisplayKey {
	return {
		time: displayTime(line.authorTime, line.receivedAt),
		author: line.author ?? '',
		seq: line.seq ?? -1,
		id: line.id,
	};
}

/** A stored line as the log shows it. */
export function entryOf(
	line: StoredLine,
): EntryContent & {readonly time: number} {
	const time = line.authorTime;
	const fingerprint = fingerprintOf(line.author ?? '');
	switch (line.kind) {
		case 'own': {
			const {text, style} = readStored(line.text, line.source);
			return {
				kind: 'own',
				nick: line.nick,
				fingerprint,
				text,
				time,
				...(style && {style}),
			};
		}

		case 'native': {
			const {text, style} = readStored(line.text, line.source);
			return {
				kind: 'chat',
				source: {type: 'native', nick: line.nick, fingerprint},
				text,
				time,
				...(style && {style}),
			};
		}

		case 'bridged': {
			return {
				kind: 'chat',
				source: {
					type: 'legacy',
					address: line.source ?? 'unknown',
					bridge: {nick: line.nick, fingerprint},
				},
				text: line.text,
				time,
			};
		}

		case 'legacy': {
			return {
				kind: 'chat',
				source: {type: 'legacy', address: line.source ?? line.nick},
				text: line.text,
				time,
			};
		}
	}
}

/** One of our own lines, as stored (`readable`: as `storedChat`). */
export function storedOwn(
	envelope: ChatEnvelope,
	at: number,
	readable?: Readable,
): StoredLine {
	return {...storedChat('own', messageId(envelope), envelope, at), ...readable};
}

/**
 * The `text` and `source` columns of a line whose text is not its
 * envelope's (a private line opened here: `marked-lines.ts`).
 */
type Readable = {readonly text: string; readonly source: string | undefined};

/** One of our own lines, or a native author's, as stored (its text as it travelled). */
export function storedChat(
	kind: 'own' | 'native',
	id: string,
	envelope: ChatEnvelope,
	receivedAt: number,
): StoredLine {
	return {
		id,
		kind,
		author: peerKeyOf(envelope.author),
		nick: envelope.nick,
		authorTime: envelope.timestamp,
		seq: envelope.seq,
		text: envelope.text,
		frame: encodeFrame({type: 'chat', envelope}),
		source: undefined,
		receivedAt,
	};
}

/**
 * A private line this node cannot open, as stored: its frame (so catch-up
 * serves it, and the mesh converges) and nothing readable.
 */
export function storedSealed(
	id: string,
	envelope: ChatEnvelope,
	receivedAt: number,
): StoredLine {
	return {
		...storedChat('native', id, envelope, receivedAt),
		text: '',
		sealed: true,
	};
}

/** A legacy host's line that a native node bridged into the mesh, as stored. */
export function storedBridged(
	id: string,
	line: BridgedLine,
	receivedAt: number,
): StoredLine {
	return {
		id,
		kind: 'bridged',
		author: peerKeyOf(line.bridge),
		nick: line.bridgeNick,
		authorTime: line.timestamp,
		seq: line.seq,
		text: line.text,
		frame: encodeFrame({type: 'bridged', line}),
		source: formatHostPort(line.source.ip, line.source.port),
		receivedAt,
	};
}

/**
 * A legacy host's own line, as stored: it has no id of its own, so one is
 * made from when it came and a count (the seed's plain text is never
 * synced). When this node bridged it into the mesh, it is kept as the
 * signed line it made (`bridged`), so catch-up can serve it to peers.
 */
export function storedLegacy(
	source: PeerAddress,
	text: string,
	receivedAt: number,
	count: number,
	bridged?: {readonly id: string; readonly line: BridgedLine},
): StoredLine {
	const address = formatHostPort(source.ip, source.port);
	return {
		id: bridged?.id ?? `legacy:${receivedAt}:${count}:${address}`,
		kind: 'legacy',
		author: undefined,
		nick: address,
		authorTime: bridged?.line.timestamp ?? receivedAt,
		seq: undefined,
		text,
		frame: bridged && encodeFrame({type: 'bridged', line: bridged.line}),
		source: address,
		receivedAt,
	};
}
