/**
 * The words the broadcaster and `host-reach.ts` share: a line ready for both
 * dialects, and how a host can be reached right now.
 */
import type {HostRecord} from '../protocol/host-table.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {NativeLink} from './native-link.js';

/** One typed line, ready in both dialects. */
export type OutgoingLine = {
	/**
	 * The line as the seed sends it: one or more `PORT:TEXT` messages (none:
	 * a line legacy hosts never get). Our own lines make them when first
	 * read: most nodes never send a line to a legacy host.
	 */
	readonly legacyFrames: readonly Uint8Array[];
	/** Whether legacy hosts get the line at all (asked without making its messages). */
	readonly plain: boolean;
	/**
	 * The signed line, for a host that turns out to be native while the line
	 * waits; none for lines relayed from the mesh, which only legacy hosts get.
	 */
	readonly envelope: ChatEnvelope | undefined;
};

/** How a host can be reached right now. */
export type Reach =
	| {readonly kind: 'native'; readonly link: NativeLink}
	| {readonly kind: 'legacy'}
	/** A legacy host on a secret network: nothing goes to it. */
	| {readonly kind: 'refused'}
	| {readonly kind: 'failed'; readonly reason: string};

/**
 * Finds out how to reach a host, dialing if needed. With `probe`, a legacy
 * host is checked with an empty connection (there is nothing to send).
 */
export type ReachHost = (host: HostRecord, probe: boolean) => Promise<Reach>;
