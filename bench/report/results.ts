/** Everything one run of the report measured, for the writers. */
import type {Machine} from './machine.js';
import type {BroadcastRun} from './sim-broadcast.js';
import type {WaveRun} from './sim-waves.js';
import type {SocketRun} from './sockets.js';

export type Results = {
	readonly quick: boolean;
	/** The real nodes kept a history (SQLite) each, as the CLI does by default. */
	readonly history: boolean;
	readonly seed: number;
	readonly started: Date;
	readonly took: number;
	readonly before: Machine;
	readonly after: Machine;
	readonly broadcast: readonly BroadcastRun[];
	readonly waves: readonly WaveRun[];
	readonly sockets: readonly SocketRun[];
};

/** A markdown table. */
export function table(
	head: readonly string[],
	rows: ReadonlyArray<readonly string[]>,
): string[] {
	return [
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.join(' | ')} |`),
	];
}
