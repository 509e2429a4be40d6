/**
 * The baseline of issue 13, quoted, not measured here: js-libp2p 2.9 with
 * @chainsafe/libp2p-gossipsub 14.1, and p2p-chat as it was then (flooding),
 * in the same harness shape on this machine (N nodes in one Node process on
 * loopback, 1 KB lines from random nodes; 3 runs each, medians).
 */

export type Baseline = {
	readonly nodes: number;
	readonly rate: number;
	readonly delivered: string;
	readonly meanMs: number;
	readonly p99Ms: number;
	readonly rmr: number;
	readonly cpuPerReceptionMs: number;
};

export const gossipsub: readonly Baseline[] = [
	{
		nodes: 20,
		rate: 20,
		delivered: '100%',
		meanMs: 139,
		p99Ms: 394,
		rmr: 4.12,
		cpuPerReceptionMs: 0.54,
	},
	{
		nodes: 50,
		rate: 2,
		delivered: '100%',
		meanMs: 125,
		p99Ms: 323,
		rmr: 3.81,
		cpuPerReceptionMs: 1,
	},
	{
		nodes: 50,
		rate: 20,
		delivered: '96.8%',
		meanMs: 6216,
		p99Ms: 11_322,
		rmr: 3.24,
		cpuPerReceptionMs: 0.56,
	},
	{
		nodes: 50,
		rate: 200,
		delivered: '96.0%',
		meanMs: 10_868,
		p99Ms: 16_198,
		rmr: 2.98,
		cpuPerReceptionMs: 0.52,
	},
];

export const floodBefore: readonly Baseline[] = [
	{
		nodes: 20,
		rate: 20,
		delivered: '100%',
		meanMs: 8.3,
		p99Ms: 19,
		rmr: 5.37,
		cpuPerReceptionMs: 0.14,
	},
	{
		nodes: 50,
		rate: 2,
		delivered: '100%',
		meanMs: 34,
		p99Ms: 135,
		rmr: 5.02,
		cpuPerReceptionMs: 0.28,
	},
	{
		nodes: 50,
		rate: 20,
		delivered: '100%',
		meanMs: 27,
		p99Ms: 64,
		rmr: 5.14,
		cpuPerReceptionMs: 0.11,
	},
	{
		nodes: 50,
		rate: 200,
		delivered: '100%',
		meanMs: 1822,
		p99Ms: 2690,
		rmr: 4.82,
		cpuPerReceptionMs: 0.07,
	},
];
