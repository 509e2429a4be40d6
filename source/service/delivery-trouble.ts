/**
 * Which hosts the user was told are not taking lines. A host that is down
 * would otherwise add an error under every line typed until it answers.
 */
import type {HostOutcome} from '../node/broadcaster.js';

export class DeliveryTrouble {
	readonly #told = new Set<string>();
	readonly #overflowed = new Set<string>();

	/** The host answered (took a line, wrote to us, linked): its next failure is news. */
	recovered(host: string): void {
		this.#told.delete(host);
		this.#overflowed.delete(host);
	}

	/** Whether a full outbox at `host` is news (the first since it last took a line). */
	overflowIsNews(host: string): boolean {
		if (this.#overflowed.has(host)) return false;
		this.#overflowed.add(host);
		return true;
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
