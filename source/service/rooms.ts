/**
 * The rooms a node is in (`--room`, `/join-room`): each joined over the
 * Hyperswarm DHT (`node/room.ts`, imported only when a room is joined, so a
 * node without one never loads Hyperswarm), its connections handed to the
 * native links, and what happens while joining told in plain words.
 */
import type {NativeLinks} from '../node/native-links.js';
import type {KeyPair} from '../node/identity.js';
import type {DhtNode, Room, RoomProgress} from '../node/room.js';
import {roomNameProblem} from '../node/room-topic.js';
import {defaultMeshConfig} from '../protocol/mesh-config.js';
import {keyBytes, type PeerKey} from '../protocol/peer-key.js';
import type {Report} from './report.js';

export type RoomsDeps = {
	readonly links: NativeLinks;
	readonly keyPair: KeyPair;
	readonly secret: string | undefined;
	readonly bootstrap: readonly DhtNode[];
	readonly report: Report;
	/** Re-lookup interval in the first minute (tests may shorten it). */
	readonly relookupMs?: number;
	/**
	 * Swarm connections per room at most: the mesh's active view
	 * (`activeLinks`) by default. The rest of the room is reached through
	 * the mesh, as on TCP; Hyperswarm alone would link every pair (up to 64).
	 */
	readonly maxPeers: number | undefined;
};

export class Rooms {
	readonly #deps: RoomsDeps;
	readonly #rooms = new Map<string, Room>();
	/** Being joined (the DHT is loading): not joined twice meanwhile. */
	readonly #joining = new Set<string>();
	#stopped = false;

	constructor(deps: RoomsDeps) {
		this.#deps = deps;
	}

	/** The rooms joined or being joined, by name. */
	get names(): string[] {
		return [...this.#rooms.keys(), ...this.#joining];
	}

	/** Join room `name`; what goes wrong is told in the log, never thrown. */
	async join(name: string): Promise<void> {
		const {report} = this.#deps;
		const problem = roomNameProblem(name);
		if (problem !== undefined) {
			report.note(`Cannot join room "${name}": ${problem}.`, 'error');
			return;
		}

		if (this.#rooms.has(name) || this.#joining.has(name)) {
			report.note(`Already in room "${name}".`);
			return;
		}

		this.#joining.add(name);
		try {
			const {joinRoom} = await import('../node/room.js');
			if (this.#stopped) return;
			const room = await joinRoom({
				name,
				secret: this.#deps.secret,
				keyPair: this.#deps.keyPair,
				bootstrap: this.#deps.bootstrap,
				relookupMs: this.#deps.relookupMs,
				maxPeers: this.#deps.maxPeers ?? defaultMeshConfig.activeLinks,
				onConnection: (stream, ip, initiator) => {
					this.#deps.links.acceptStream(stream, ip, initiator);
				},
				onProgress(progress) {
					const text = progressText(name, progress);
					report.note(
						text,
						progress.kind === 'offline' || progress.kind === 'error'
							? 'error'
							: 'notice',
					);
				},
			});
			if (this.#stopped) {
				await room.leave();
				return;
			}

			this.#rooms.set(name, room);
		} catch (error) {
			report.note(
				`Cannot join room "${name}": ${error instanceof Error ? error.message : String(error)}.`,
				'error',
			);
		} finally {
			this.#joining.delete(name);
		}
	}

	/**
	 * Dial a peer by key through the DHT (one whose address could not be
	 * dialed): every node in a room is reachable by its key, whatever room
	 * it is in. Hyperswarm gives up on a key after 5 failed attempts.
	 */
	joinPeer(key: PeerKey): void {
		const [room] = this.#rooms.values();
		room?.joinPeer(keyBytes(key));
	}

	/** Leave every room (after the links were ended). */
	async stop(): Promise<void> {
		this.#stopped = true;
		const rooms = [...this.#rooms.values()];
		this.#rooms.clear();
		await Promise.all(rooms.map(async (room) => room.leave()));
	}
}

/** What a person reads while a room is joined. */
export function progressText(name: string, progress: RoomProgress): string {
	switch (progress.kind) {
		case 'looking-up': {
			return `Looking up room "${name}" on the DHT…`;
		}

		case 'found': {
			return progress.peers === 0
				? `Nobody else is in room "${name}" yet: waiting for others (looking again every few seconds).`
				: `Found ${progress.peers} ${progress.peers === 1 ? 'peer' : 'peers'} in room "${name}".`;
		}

		case 'connecting': {
			return `Room "${name}": connecting to ${progress.count} ${progress.count === 1 ? 'peer' : 'peers'} (holepunch)…`;
		}

		case 'unreachable': {
			return `Room "${name}": a peer was found but could not be reached yet (trying again). Two nodes both behind strict NATs or firewalls may never connect directly; they still meet through a third peer.`;
		}

		case 'offline': {
			return `Room "${name}": no DHT node answered (${progress.bootstrap}). Check the internet connection, or a firewall that blocks UDP; --dht-bootstrap names other DHT nodes.`;
		}

		case 'error': {
			return `Room "${name}": ${progress.text}.`;
		}
	}
}
