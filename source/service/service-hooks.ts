/**
 * What the service's event handlers (`server-events.ts`, `link-events.ts`)
 * may use of the service: its state and a few of its actions. Keeping the
 * handlers in their own files keeps the service itself readable; this type
 * is the seam between them.
 */
import type {Ip} from '../protocol/address.js';
import type {HostRecord, HostTable} from '../protocol/host-table.js';
import type {Broadcaster} from '../node/broadcaster.js';
import type {Runtime} from '../node/runtime.js';
import type {LinkDialResult} from '../node/native-links.js';
import type {Author} from './author.js';
import type {DeliveryTrouble} from './broadcast-events.js';
import type {LegacyBridge} from './legacy-bridge.js';
import type {ChatCounters, EntryContent} from './types.js';

export type ServiceHooks = {
	readonly secret: string | undefined;
	readonly table: HostTable;
	readonly broadcaster: Broadcaster;
	/** The runtime: the node core (membership, relay, intake) over the native links. */
	readonly runtime: Runtime;
	readonly author: Author;
	/** Lines from the mesh to the legacy hosts this node bridges for. */
	readonly bridge: LegacyBridge;
	/** Hosts the user was told are not taking lines (told once, not per line). */
	readonly trouble: DeliveryTrouble;
	/** Where this node listens (0 before it does). */
	listenPort(): number;
	now(): number;
	random(): number;
	count(counter: keyof ChatCounters, amount?: number): void;
	note(text: string, kind?: 'notice' | 'error'): void;
	append(entry: EntryContent): void;
	changed(): void;
	/**
	 * True the first time it is called with `key`, then false: for notices
	 * a peer could otherwise repeat without end (the counters still count).
	 */
	once(key: string): boolean;
	/**
	 * Open a native connection to `ip:port` and report what answered; a
	 * native node's link then comes up like any other (and its row with it).
	 */
	dialNative(ip: Ip, port: number): Promise<LinkDialResult>;
	/** Whether `ip:port` is this node itself. */
	isSelf(ip: string, port: number): boolean;
	/** Add a host if new and announce it (see ChatService). */
	learn(
		address: Ip,
		port: number,
		origin: HostRecord['origin'],
		dialect?: 'legacy',
	): {id: string; added: boolean};
	/** Announce a host that entered the table some other way. */
	hostAdded(id: string): void;
};
