/**
 * The programmatic API end to end: two nodes on 127.0.0.1 made with
 * `createNode`, a signed line and a legacy host's line between them, and
 * the counts `stats()` reports for what arrived. They run on a memory
 * network, as an embedding program's tests would (`transport`).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {createNode, MemoryNetwork, type ChatEntry} from '../source/index.js';
import {fakeReference, rawSend} from './helpers/legacy-peer.js';
import {waitFor, within} from './helpers/wait-for.js';

test('two nodes made with createNode exchange a line and count the frames', async (t) => {
	const transport = new MemoryNetwork().transport();
	const a = createNode({nick: 'a', host: '127.0.0.1', transport});
	const {port} = await a.start();
	t.after(async () => a.stop());
	const b = createNode({
		nick: 'b',
		host: '127.0.0.1',
		transport,
		bootstrap: [{host: '127.0.0.1', port}],
	});
	await b.start();
	t.after(async () => b.stop());
	const heard: ChatEntry[] = [];
	b.on('entry', (entry) => {
		if (entry.kind === 'chat') heard.push(entry);
	});

	const online = (node: typeof a) =>
		node.snapshot().hosts.some((host) => host.state === 'online');
	await waitFor(() => online(a) && online(b), {what: 'the link, both ways'});

	await a.send('hello through the API');
	await waitFor(() => heard.length === 1, {what: 'the signed line at B'});
	const [line] = heard;
	assert.equal(line?.text, 'hello through the API');
	assert.equal(line.kind, 'chat');
	assert.deepEqual(line.source, {
		type: 'native',
		nick: 'a',
		fingerprint: a.snapshot().identity.fingerprint,
		address: `127.0.0.1:${port}`,
	});

	// A legacy host writes to A, which shows it and passes it to B, bridged.
	const reference = await fakeReference({transport});
	t.after(async () => reference.close());
	await rawSend(port, `${reference.port}:hello from the seed`, {transport});
	await waitFor(() => heard.length === 2, {what: 'the bridged line at B'});
	assert.equal(heard[1]?.text, 'hello from the seed');

	const stats = b.stats();
	assert.ok(stats.framesReceived.chat >= 1, JSON.stringify(stats));
	assert.ok(stats.framesReceived.bridged >= 1, JSON.stringify(stats));
	assert.ok(stats.framesReceived.announce >= 1, JSON.stringify(stats));
	assert.equal(stats.linesDelivered, 2);
	assert.equal(stats.counters.received, 2);
	// A delivered the legacy host's own line; its own line is not a delivery.
	assert.equal(a.stats().linesDelivered, 1);
	assert.ok(Object.isFrozen(stats) && Object.isFrozen(stats.framesReceived));
});

test('createNode and setNick refuse a nick peers would refuse', () => {
	assert.throws(() => createNode({nick: 'bob·c78f5f2c'}), /Not a nick: .*·/);
	assert.throws(() => createNode({nick: 'two words'}), /spaces/);
	const node = createNode({nick: 'fine'});
	assert.throws(() => {
		node.setNick('a\u202Eb');
	}, /invisible/);
});

test('a line sent while the node stops is answered, not left hanging', async () => {
	const node = createNode({
		nick: 'late',
		host: '127.0.0.1',
		transport: new MemoryNetwork().transport(),
	});
	await node.start();
	await node.connect('127.0.0.1:1').catch(() => undefined);
	await node.stop();
	const report = await within(node.send('too late'), 2000, 'hung');
	assert.notEqual(report, 'hung');
});
