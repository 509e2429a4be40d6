/**
 * The node core's rules for plain text in the mesh: a legacy host's line
 * reaches a node directly and through bridges, often several ways at once
 * (`legacy-echoes.ts` counts the copies), and a bridged line names a source
 * address nobody proved. A source that is this node, or a native peer that
 * is online, never sent plain text: such a line is someone else's words.
 * A loopback source names the bridge's own machine, so it is compared with
 * ours only when the bridge runs here.
 */
import {formatHostPort, isLoopback} from './address.js';
import type {BridgedLine, PeerAddress} from './gossip-messages.js';
import {LegacyEchoes, directWay} from './legacy-echoes.js';
import {peerKeyOf} from './peer-key.js';
import type {Membership} from './membership.js';

/** What to do with a bridged line the broadcast delivered. */
export type BridgedDelivery = 'show' | 'echo' | 'own-line';

export class LegacyLines {
	readonly #membership: Membership;
	readonly #isOwnAddress: (address: PeerAddress) => boolean;
	readonly #echoes = new LegacyEchoes();

	constructor(
		membership: Membership,
		isOwnAddress: (address: PeerAddress) => boolean,
	) {
		this.#membership = membership;
		this.#isOwnAddress = isOwnAddress;
	}

	/**
	 * A bridged line whose source is a native peer online now: a lie, or a
	 * bridge was fooled. Stopped where it first arrives, not passed on.
	 */
	claimsOnlinePeer(line: BridgedLine): boolean {
		return (
			this.#comparable(line) &&
			this.#membership.onlineAt(line.source) !== undefined
		);
	}

	/** A bridged line the broadcast delivered (and passed on): show it? */
	delivered(line: BridgedLine, now: number): BridgedDelivery {
		if (this.#comparable(line) && this.#isOwnAddress(line.source)) {
			// Someone took this node for a legacy host and bridged our own
			// line back. Passed on to our legacy hosts, it could come back
			// again, and again (each time one `<ip:port>` longer).
			return 'own-line';
		}

		const source = formatHostPort(line.source.ip, line.source.port);
		// The same line may already have come in another way (the legacy
		// host sent it to several nodes).
		return this.#echoes.admit(source, line.text, peerKeyOf(line.bridge), now)
			? 'show'
			: 'echo';
	}

	/** A legacy host's own line: new here, or did a bridge bring it first? */
	direct(source: PeerAddress, text: string, now: number): boolean {
		const id = formatHostPort(source.ip, source.port);
		return this.#echoes.admit(id, text, directWay, now);
	}

	/** Whether the line's source may be compared with addresses seen here. */
	#comparable(line: BridgedLine): boolean {
		return (
			!isLoopback(line.source.ip) ||
			this.#membership.isLocal(peerKeyOf(line.bridge))
		);
	}
}
