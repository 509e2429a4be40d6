/**
 * Whether the full-screen UI may colour what it draws. Ink draws with
 * chalk, which decides once, when it is first loaded, from FORCE_COLOR,
 * `--color`/`--no-color` in the arguments and whether stdout is a terminal,
 * but never reads NO_COLOR (no-color.org). This turns NO_COLOR and our own
 * `--no-color` into the FORCE_COLOR=0 chalk understands; it must run before
 * anything loads Ink, which is why the CLI imports the UI late.
 */

/**
 * Colours off when NO_COLOR is set to anything but the empty string, or the
 * user said `--no-color`. An explicit FORCE_COLOR is left alone: as in Node
 * itself, it is the more specific wish and wins over NO_COLOR (but not over
 * `--no-color`, which is given for this one run).
 */
export function applyNoColor(
	environment: Record<string, string | undefined>,
	colorFlag = true,
): void {
	const noColor = environment['NO_COLOR'];
	const asked = noColor !== undefined && noColor !== '';
	if (!colorFlag || (asked && environment['FORCE_COLOR'] === undefined)) {
		environment['FORCE_COLOR'] = '0';
	}
}
