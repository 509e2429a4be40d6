/**
 * How often a node dials addresses that have never answered it. Peers are
 * learned from announcements, and an announcement can name any address:
 * without a bound, one peer announcing a thousand made-up peers at
 * addresses nothing answers had every node dial about 7 a second, and over
 * a thousand times in ten minutes after a single burst (a node must not
 * become a scanner for whoever talks to it). An address counts as
 * answering once any link with it came up, either way; dials to those are
 * not bounded here (a restarted peer must find its way back). The rest
 * share a small token bucket per node.
 */
import type {Ip} from './address.js';

/** Dials to never-answered addresses at once, and how fast more are allowed. */
export const dialBudget = {burst: 16, refillMs: 6000, rememberAddresses: 1000};

export class DialBudget {
	/** IPs that answered, least recently first (bounded). */
	readonly #answered = new Set<Ip>();
	#tokens = dialBudget.burst;
	#at: number | undefined;

	/** A link with `ip` came up: it exists, and may be dialed freely. */
	answered(ip: Ip): void {
		this.#answered.delete(ip);
		this.#answered.add(ip);
		if (this.#answered.size > dialBudget.rememberAddresses) {
			const oldest = this.#answered.values().next().value;
			if (oldest !== undefined) this.#answered.delete(oldest);
		}
	}

	/** Whether a dial to `ip` may go now; takes a token if it needs one. */
	allows(ip: Ip, now: number): boolean {
		if (this.#answered.has(ip)) return true;
		this.#refill(now);
		if (this.#tokens < 1) return false;
		this.#tokens--;
		return true;
	}

	#refill(now: number): void {
		this.#at ??= now;
		// A clock that went back refills nothing.
		const earned = Math.floor(
			Math.max(0, now - this.#at) / dialBudget.refillMs,
		);
		if (earned > 0) {
			this.#tokens = Math.min(dialBudget.burst, this.#tokens + earned);
			this.#at += earned * dialBudget.refillMs;
		}

		if (this.#tokens >= dialBudget.burst) this.#at = now;
	}
}
