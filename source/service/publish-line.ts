/**
 * Sending one of our own lines: into the mesh, which floods it over our
 * links to every native node, and the seed's way to the legacy hosts we
 * bridge for and to hosts whose dialect is not known yet (a bootstrap
 * address before its first answer).
 *
 * "Delivered" means the host answered for the line: a linked native peer
 * acknowledged it (an ACK frame), a legacy host took the connection and
 * answered or closed (all the seed's protocol can say). A native peer that
 * was written to and did not acknowledge it is a failure, and the user is
 * told (`unconfirmed-lines.ts`); one too old to acknowledge is `sent`.
 */
import type {LineOutcome} from '../protocol/core-types.js';
import type {ChatEnvelope} from '../protocol/native-frames.js';
import type {OutgoingLine} from '../node/reach.js';
import type {Runtime} from '../node/runtime.js';
import {reportDelivery} from './delivery-report.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';
import type {DeliveryReport} from './types.js';
import {
	hostOf,
	labelOf,
	unconfirmedWords,
	UnconfirmedLines,
} from './unconfirmed-lines.js';

/** What publishing a line takes. */
export type PublishDeps = {
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
};

/** Publishes our own lines (one per service: it follows their outcomes). */
export class LinePublisher {
	readonly #deps: PublishDeps;
	readonly #unconfirmed: UnconfirmedLines;

	constructor(deps: PublishDeps) {
		this.#deps = deps;
		this.#unconfirmed = new UnconfirmedLines(deps);
	}

	/** Publish `outgoing`; `text` is how notices quote it (as it reads here). */
	async publish(
		outgoing: OutgoingLine & {readonly envelope: ChatEnvelope},
		text = outgoing.envelope.text,
	): Promise<DeliveryReport> {
		const {envelope} = outgoing;
		this.#unconfirmed.expect(envelope.seq, text);
		const report = await publishLine(this.#deps, outgoing);
		// Settled by now (its notices told); a line published while the node
		// stopped never settles, and must not stay remembered.
		this.#unconfirmed.forget(envelope.seq);
		// Hosts are known, but no link was up and no legacy host was tried
		// (a node resumed after a freeze, before it linked again).
		const triedNobody =
			report.delivered.length + report.sent.length + report.failed.length === 0;
		const {hosts, runtime} = this.#deps;
		if (triedNobody && (hosts.size > 0 || runtime.view.peers().length > 0)) {
			this.#unconfirmed.reachedNobody(text);
		} else if (!triedNobody) {
			this.#unconfirmed.reachedSomeone();
		}

		return report;
	}
}

async function publishLine(
	deps: PublishDeps,
	outgoing: OutgoingLine & {readonly envelope: ChatEnvelope},
): Promise<DeliveryReport> {
	const {report, hosts, runtime} = deps;
	const {envelope} = outgoing;
	// Written to our links now; settled when each has acked it or failed.
	const settled = runtime.publish(envelope);
	// A line with no plain form (a private line) goes through the mesh only:
	// not to a legacy host, nor to an address whose dialect is not known
	// yet (it might be one); such an address gets it by catch-up once linked.
	const {plain} = outgoing;
	const outcomes = await hosts.broadcast(
		outgoing,
		(host) =>
			!plain ||
			host.dialect === 'native' ||
			(host.dialect === 'legacy' && !hosts.serves(host)),
	);
	const native = nativeOutcome(deps, await settled);
	// Peers that acked count as hosts that took the line (which clears a
	// trouble told of them before), the seed's hosts as they answered.
	const taken = reportDelivery(
		{report, hosts},
		[
			...native.delivered.map((host) => ({host, ok: true as const})),
			...outcomes,
		],
		// The seed's messages of the line, made only if some host was given
		// (or tried with) the plain form: with none, the line is one message.
		outcomes.length > 0 ? Math.max(1, outgoing.legacyFrames.length) : 1,
	);
	return {
		...taken,
		failed: [...native.failed, ...taken.failed],
		sent: native.sent,
	};
}

/** The native half of the report (the notices are `UnconfirmedLines`': one per burst). */
function nativeOutcome(
	deps: PublishDeps,
	line: LineOutcome,
): Pick<DeliveryReport, 'delivered' | 'failed' | 'sent'> {
	const {ackTimeoutMs} = deps.runtime.view.config;
	const failed = line.unconfirmed.map(({key, reason}) => ({
		host: hostOf(deps, key),
		reason: `not confirmed by ${labelOf(deps, key)}: ${unconfirmedWords(reason, ackTimeoutMs)}`,
	}));
	deps.report.count('deliveryFailures', failed.length);
	return {
		delivered: line.confirmed.map((key) => hostOf(deps, key)),
		failed,
		sent: line.unacknowledging.map((key) => hostOf(deps, key)),
	};
}
