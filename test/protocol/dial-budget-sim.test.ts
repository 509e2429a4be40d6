/**
 * Hardening finding 5: nodes dialed any address an attacker named. One peer
 * announcing a crowd of made-up peers at addresses nothing answers had every
 * node dial them several times a second. Dials to addresses that never
 * answered now share a small budget per node (16 at once, then one per 6 s).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {PeerKey} from '../../source/protocol/flood.js';
import {keyBytes, peerKeyOf} from '../../source/protocol/peer-key.js';
import {asIp} from '../helpers/ip.js';
import {genuine, withSimulator} from '../helpers/simulator.js';

test('made-up peers at dead addresses are dialed a few times a minute, not a few times a second', () => {
	withSimulator(21, {}, (sim) => {
		const keys: PeerKey[] = [sim.addNode()];
		for (let index = 1; index < 8; index++) {
			sim.run(20);
			keys.push(sim.addNode(keys[index - 1]));
		}

		sim.runUntil(
			() => sim.live().every((node) => node.core.reachable().size === 7),
			30_000,
		);
		const attacker = keys[0]!;
		const target = sim.nodes.get(attacker)?.core.links[0];
		assert.ok(target);
		const fakes = Array.from({length: 200}, (_, index) => {
			const bytes = new Uint8Array(32);
			bytes[0] = 0xee;
			bytes[1] = index;
			return peerKeyOf(bytes);
		});
		const back = {key: keyBytes(attacker), ip: asIp('10.0.0.0'), port: 1248};
		const announce = (origin: string, links: Array<typeof back>) => ({
			kind: 'announce' as const,
			announcement: {
				origin: keyBytes(origin),
				version: sim.now * 1000,
				nick: 'x',
				leaving: false,
				links,
				legacy: [],
				signature: genuine,
			},
		});
		// The attacker vouches for 32 made-up peers (a frame's limit) at
		// addresses nothing answers, and they vouch back: all look online.
		const named = fakes.slice(0, 32).map((key, index) => ({
			key: keyBytes(key),
			ip: asIp(`10.9.0.${index}`),
			port: 4000,
		}));
		sim.inject(target, attacker, announce(attacker, named));
		for (const key of fakes.slice(0, 32)) {
			sim.inject(target, attacker, announce(key, [back]));
		}

		const before = new Map(
			keys.map((key) => [key, sim.dials.get(key)?.length ?? 0]),
		);
		sim.run(120_000);
		let most = 0;
		for (const key of keys) {
			const dead = (sim.dials.get(key) ?? [])
				.slice(before.get(key))
				.filter((address) => address.startsWith('10.9.'));
			most = Math.max(most, dead.length);
			// 16 at once, then one per 6 s: at most 36 in two minutes.
			assert.ok(
				dead.length <= 36,
				`${key.slice(0, 8)} dialed dead addresses ${dead.length} times in two minutes`,
			);
		}

		// The bound is what kept it down: the made-up peers were dialed at all.
		assert.ok(most > 0, 'no node even tried one');
	});
});
