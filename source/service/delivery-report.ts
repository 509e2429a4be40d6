/**
 * What one broadcast of our own line did, for the caller and the log:
 * counted, each failure told once (until the host takes a line again), and
 * the hosts that took it listed.
 */
import type {HostOutcome} from '../node/broadcaster.js';
import type {Hosts} from './hosts.js';
import type {Report} from './report.js';
import type {DeliveryReport} from './types.js';

export function reportDelivery(
	{report, hosts}: {report: Report; hosts: Hosts},
	outcomes: readonly HostOutcome[],
	parts: number,
): Omit<DeliveryReport, 'sent'> {
	const delivered = outcomes
		.filter((outcome) => outcome.ok)
		.map((outcome) => outcome.host);
	const failed = outcomes.flatMap((outcome) =>
		outcome.ok ? [] : [{host: outcome.host, reason: outcome.reason}],
	);
	report.count('sent');
	report.count('deliveryFailures', failed.length);
	for (const outcome of outcomes) {
		// Asked of every outcome: one that went through clears the host's trouble.
		if (hosts.isNewTrouble(outcome) && !outcome.ok) {
			report.note(
				`Not delivered to ${outcome.host}: ${outcome.reason} (not reported again for it until it takes a line).`,
				'error',
			);
		}
	}

	return {parts, delivered, failed};
}
