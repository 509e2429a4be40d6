import {useEffect} from 'react';
import {useStdout} from 'ink';

/**
 * Subscribes to "draw everything again" (`undefined`: never). Returns the
 * unsubscribe function.
 */
export type RepaintSource = (listener: () => void) => () => void;

/**
 * Draw the whole frame again when `source` asks (the terminal came back
 * from a suspend with a blank screen). Ink redraws only what changed;
 * writing through its stdout, even nothing, makes it write the frame anew.
 */
export function useRepaint(source: RepaintSource | undefined): void {
	const {write} = useStdout();
	useEffect(
		() =>
			source?.(() => {
				write('');
			}),
		[source, write],
	);
}
