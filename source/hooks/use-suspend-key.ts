import {useCallback} from 'react';
import type {KeyEvent} from '../view/key-event.js';
import {useKeys} from './use-keys.js';

/**
 * Ctrl-Z suspends, as in a shell, vim or less. In raw mode the terminal
 * does not turn it into SIGTSTP, so it comes as a key and is handed to
 * `suspend` (`undefined`: the key does nothing, as in tests without a
 * terminal).
 */
export function useSuspendKey(suspend: (() => void) | undefined): void {
	const onKeys = useCallback(
		(keys: readonly KeyEvent[]) => {
			if (suspend === undefined) return;
			const ctrlZ = keys.some(
				(key) =>
					key.type === 'key' && key.ctrl && !key.meta && key.name === 'z',
			);
			if (ctrlZ) suspend();
		},
		[suspend],
	);
	useKeys(onKeys);
}
