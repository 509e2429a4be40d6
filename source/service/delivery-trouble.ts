/**
 * Which hosts the user was told are not taking lines. A host that is down
 * would otherwise add an error under every line typed until it answers.
 */
import type {HostOutcome} from '../node/broadcaster.js';

export class DeliveryTrouble {
	readonly #told = new Set<string>();

	/** The host answered (took a line, wrote to us, linked): its next failure is news. */
	recovered(host: string): void {
		this.#told.delete(host);
	}

	/** Whether this outcome is news: a first failure since the host last took a line. */
	isNews(outcome: HostOutcome): boolean {
		if (outcome.ok) {
			this.recovered(outcome.host);
			return false;
		}

		if (this.#told.has(outcome.host)) return false;
		this.#told.add(outcome.host);
		return true;
	}
}
