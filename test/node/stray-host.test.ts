/**
 * Hardening finding 10: one stray plain-text line (`printf '20998:hi' >
 * /dev/tcp/...`, with nothing listening on 20998) used to make a node queue
 * every later line for that "host": after 256 lines, every line typed added
 * a red "Outbox is full" error. A legacy host that never answered is now
 * probed with backoff and not queued for, and the user is told once.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {closedPort, rawSend, startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {addressRow} from '../helpers/rows.js';

test('a stray plain-text line naming a dead port does not fill an outbox or the log', async (t) => {
	const node = await startNode({queueLimit: 16});
	t.after(async () => node.service.stop());
	const dead = await closedPort();
	assert.equal(await rawSend(node.port, `${dead}:hi`), 'Message received');
	const stray = `127.0.0.1:${dead}`;
	// The first line is tried (and waits in the outbox, in case the host
	// comes up); the attempt fails: the host never answered.
	const first = await node.service.send('line 0');
	assert.deepEqual(first.delivered, []);
	await waitFor(
		() => (addressRow(node.service.getSnapshot(), stray)?.failures ?? 0) > 0,
		{what: 'the attempt at the stray host to fail'},
	);

	for (let index = 1; index <= 40; index++) {
		// eslint-disable-next-line no-await-in-loop -- in order, as a user types
		const report = await node.service.send(`line ${index}`);
		assert.equal(report.delivered.length, 0);
	}

	const snapshot = node.service.getSnapshot();
	const {counters, entries} = snapshot;
	assert.equal(counters.queueDropped, 0, 'nothing was queued to be dropped');
	// At most the first line waits for it; none of the forty after it.
	assert.ok((addressRow(snapshot, stray)?.queued ?? 0) <= 1);
	const errors = entries.filter(
		(entry) => entry.kind === 'error' && entry.text.includes(stray),
	);
	assert.ok(errors.length <= 1, errors.map((entry) => entry.text).join('\n'));
});
