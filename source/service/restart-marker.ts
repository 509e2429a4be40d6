/**
 * The line a restarted node's log has between what it had stored and what
 * comes now: a notice the service logs, that the UI draws as a rule across
 * the pane and headless output leaves out with everything above it.
 */
import type {ChatEntry} from './types.js';

/**
 * What the marker says: words alone, which the UI draws in a rule (and
 * measures as a notice, so they take one row wherever they fit).
 */
export const newSinceMarker = 'new since you were last here';

/** Whether `entry` is the restart marker. */
export function isRestartMarker(entry: ChatEntry | undefined): boolean {
	return entry?.kind === 'notice' && entry.text === newSinceMarker;
}
