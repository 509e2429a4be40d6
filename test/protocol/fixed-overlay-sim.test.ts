/**
 * The simulator's fixed overlay (what the benchmark report runs 10,000
 * nodes on) and its per-line measures: links made directly stay as made
 * (no announcements sent, no dials), a flooded line reaches every node,
 * and each first delivery records its time and hop.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {fixedOverlay} from '../helpers/fixed-overlay.js';
import {withSimulator} from '../helpers/simulator.js';

test('a fixed overlay keeps its links, sends no announcements and carries a line to all', () => {
	withSimulator(5, {membership: 'fixed'}, (sim) => {
		const {activeLinks, maxLinks} = defaultMeshConfig;
		const keys = fixedOverlay(sim, 200, activeLinks, maxLinks);
		const links = () => keys.map((key) => sim.linkCount(key));
		const before = links();
		assert.ok(before.every((count) => count >= 1 && count <= maxLinks));
		sim.run(10_000);
		assert.deepEqual(links(), before, 'no link came or went');
		assert.equal(sim.framesSent.get('announce') ?? 0, 0);
		assert.equal(sim.dials.size, 0, 'membership dialed nobody');

		const id = sim.publish(keys[0]!);
		sim.run(5000);
		const reached = sim.reached.get(id)!;
		assert.equal(reached.size, 199);
		// A flood over every link: receptions are the links' ends, less the author's sends back.
		const linkEnds = before.reduce((sum, count) => sum + count, 0);
		assert.equal(sim.framesReceived.get('chat'), linkEnds - (keys.length - 1));
	});
});

test('a first delivery records its simulated time and hop', () => {
	withSimulator(6, {membership: 'fixed', latencyMs: [10, 10]}, (sim) => {
		const [a, b, c] = [sim.addNode(), sim.addNode(), sim.addNode()];
		sim.link(a, b);
		sim.link(b, c);
		sim.run(100);
		const start = sim.now;
		const id = sim.publish(a);
		sim.run(1000);
		const reached = sim.reached.get(id)!;
		assert.deepEqual(reached.get(b), {at: start + 10, hop: 1});
		assert.deepEqual(reached.get(c), {at: start + 20, hop: 2});
		assert.equal(
			reached.has(a),
			false,
			'the author does not deliver its own line',
		);
	});
});
