import {useEffect, useMemo, useState} from 'react';
import {useStdout} from 'ink';

/** Terminal size in character cells. */
export type TerminalSize = {readonly columns: number; readonly rows: number};

/**
 * The terminal's size, updated on `resize` (Ink 6 has no `useWindowSize`).
 * Either dimension can be fixed by `override` (tests: ink-testing-library's
 * stdout has 100 columns and no rows).
 */
export function useTerminalSize(
	override?: Partial<TerminalSize>,
): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => readSize(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = readSize(stdout);
			setSize((previous) =>
				previous.columns === next.columns && previous.rows === next.rows
					? previous
					: next,
			);
		};

		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	const columns = override?.columns ?? size.columns;
	const rows = override?.rows ?? size.rows;
	return useMemo(() => ({columns, rows}), [columns, rows]);
}

function readSize(stdout: NodeJS.WriteStream): TerminalSize {
	// Both are undefined or 0 when stdout is not a terminal.
	return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}
