/**
 * When the peer sidebar would next look different with only the clock
 * moving: a relative age (`12s ago`, `3m ago`) reaching its next step, or
 * a peer gone long enough to be folded away. The UI sets one timer for
 * that moment and none while nothing on screen depends on the clock, so an
 * idle UI does not wake up at all.
 */
import type {HostView} from '../service/types.js';
import {leftFoldMs, lostFoldMs} from './sidebar-rows.js';

/** Ages under a minute are redrawn this often (their label is in seconds). */
export const secondsStepMs = 5000;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** When the age label of something last seen at `lastSeen` next changes. */
function nextAgeStep(lastSeen: number, now: number): number {
	const age = Math.max(0, now - lastSeen);
	if (age < minute) return now + secondsStepMs;
	const unit = age < hour ? minute : age < day ? hour : day;
	return lastSeen + (Math.floor(age / unit) + 1) * unit;
}

/**
 * The first moment after `now` at which the clock alone changes what the
 * sidebar draws for `hosts`, or undefined when it never does.
 */
export function nextClockChange(
	hosts: readonly HostView[],
	now: number,
): number | undefined {
	let next = Number.POSITIVE_INFINITY;
	for (const host of hosts) {
		// Online hosts show no age; a host never seen shows none that moves.
		if (host.state === 'online' || host.lastSeen === undefined) continue;
		next = Math.min(next, nextAgeStep(host.lastSeen, now));
		if (host.kind === 'peer' && host.state === 'offline') {
			const foldAt = host.lastSeen + (host.left ? leftFoldMs : lostFoldMs);
			if (foldAt > now) next = Math.min(next, foldAt);
		}
	}

	return Number.isFinite(next) ? next : undefined;
}
