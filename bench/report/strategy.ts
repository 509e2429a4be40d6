/**
 * The broadcast strategies the report compares, chosen through the one mesh
 * config (`MeshConfig.broadcast`). A build whose config has no such field
 * floods only: its Plumtree columns say so instead of showing numbers, and
 * light up once the field exists.
 */
import {
	defaultMeshConfig,
	type MeshConfig,
} from '../../source/protocol/mesh-config.js';
import type {MeshFrame} from '../../source/protocol/core-types.js';

export type Strategy = 'flood' | 'plumtree';

export const strategies: readonly Strategy[] = ['flood', 'plumtree'];

/** Whether this build's mesh config chooses the broadcast strategy. */
export const strategyChoosable = 'broadcast' in defaultMeshConfig;

/** Whether `strategy` can run in this build. */
export function available(strategy: Strategy): boolean {
	return strategy === 'flood' || strategyChoosable;
}

/** What a node's `mesh` option must say to run `strategy`. */
export function meshOverrides(strategy: Strategy): Partial<MeshConfig> {
	if (!strategyChoosable) return {};
	// Typed loosely on purpose: the field is absent from builds that only flood.
	const overrides: Record<string, unknown> = {broadcast: strategy};
	return overrides;
}

/** The whole mesh config for `strategy`. */
export function meshConfig(strategy: Strategy): MeshConfig {
	return {...defaultMeshConfig, ...meshOverrides(strategy)};
}

/** Frames that carry a line (RMR counts these). */
const payloadKinds = new Set<string>(['chat', 'bridged']);
/**
 * Frames that are neither a line nor broadcast control per line:
 * membership (announcements, digests, wants, features), ACK, catch-up,
 * and Plumtree's TREE-HELLO (once per link).
 */
const otherKinds = new Set<string>([
	'announce',
	'ack',
	'sync',
	'synced',
	'tree-hello',
	'digest',
	'want',
	'features',
]);

/** Sum the payload frames in `counts`. */
export function payloadFrames(
	counts: Iterable<[MeshFrame['kind'] | string, number]>,
): number {
	let sum = 0;
	for (const [kind, count] of counts) if (payloadKinds.has(kind)) sum += count;
	return sum;
}

/** Sum the broadcast control frames in `counts` (Plumtree's IHAVE, GRAFT, PRUNE; none in a flood). */
export function controlFrames(
	counts: Iterable<[MeshFrame['kind'] | string, number]>,
): number {
	let sum = 0;
	for (const [kind, count] of counts) {
		if (!payloadKinds.has(kind) && !otherKinds.has(kind)) sum += count;
	}

	return sum;
}
