/** The machine a report was measured on, and how busy it was. */
import os from 'node:os';
import process from 'node:process';

export type Machine = {
	readonly cpu: string;
	readonly cores: number;
	readonly memoryGiB: number;
	readonly node: string;
	readonly platform: string;
	/** 1-minute load average when asked. */
	readonly load: number;
};

export function machine(): Machine {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		memoryGiB: os.totalmem() / 1024 ** 3,
		node: process.version,
		platform: `${process.platform}/${process.arch}, ${os.release()}`,
		load: os.loadavg()[0] ?? Number.NaN,
	};
}
