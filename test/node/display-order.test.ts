/**
 * One order on every screen: lines sorted by their authors' clocks (then
 * key, then sequence), not by when each node received them, with the
 * author's time shown everywhere. Nodes on a memory network, bob's clock
 * behind the others'.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import {newSinceMarker} from '../../source/service/restart-marker.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

/** The chat lines a node shows, in order, with the time each shows. */
function lines(service: ChatService): string[] {
	return service
		.getSnapshot()
		.entries.flatMap((entry) =>
			entry.kind === 'chat' || entry.kind === 'own'
				? [`${entry.time} ${entry.text}`]
				: [],
		);
}

test("a line written earlier by its author's clock shows above, on every screen, at its author's time", async (t) => {
	const transport = new MemoryNetwork().transport();
	const alice = await startNode({nick: 'alice', transport});
	t.after(async () => alice.service.stop());
	const join = async (nick: string, now?: () => number) =>
		startNode({
			nick,
			transport,
			now,
			bootstrap: [{host: '127.0.0.1', port: alice.port}],
		});
	const bob = await join('bob', () => Date.now() - 3000);
	t.after(async () => bob.service.stop());
	const carol = await join('carol');
	t.after(async () => carol.service.stop());
	const nodes = [alice, bob, carol].map((node) => node.service);
	const linked = (service: ChatService) =>
		service.getSnapshot().hosts.filter((host) => host.state === 'online')
			.length === 2;
	await waitFor(() => nodes.every((service) => linked(service)), {
		what: 'everyone sees the other two',
	});

	await alice.service.send('first by the wall clock');
	await waitFor(() => nodes.every((service) => lines(service).length === 1), {
		what: "alice's line everywhere",
	});
	// Bob answers at once, but his clock says it is three seconds earlier.
	await bob.service.send('earlier by its author');
	await waitFor(() => nodes.every((service) => lines(service).length === 2), {
		what: "bob's line everywhere",
	});

	const [atAlice, atBob, atCarol] = nodes.map((service) => lines(service));
	assert.deepEqual(
		atAlice?.map((line) => line.replace(/^\d+ /v, '')),
		['earlier by its author', 'first by the wall clock'],
	);
	assert.deepEqual(atBob, atAlice, 'the same order and times at bob');
	assert.deepEqual(atCarol, atAlice, 'the same order and times at carol');
});

test('after a restart, a line written while the node was away comes below the marker, even from a slow clock', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-marker-'));
	const store = HistoryStore.open(folder);
	const hourAgo = Date.now() - 3_600_000;
	store.addAll([
		{
			id: 'old',
			kind: 'native',
			author: 'ab'.repeat(32),
			nick: 'bob',
			authorTime: hourAgo,
			seq: 1,
			text: 'said an hour ago',
			frame: new Uint8Array([1]),
			source: undefined,
			receivedAt: hourAgo,
		},
	]);
	const alice = await startNode({nick: 'alice', transport, history: store});
	t.after(async () => alice.service.stop());
	// Bob's clock is a minute slow: his line is older than alice's start.
	const bob = await startNode({
		nick: 'bob',
		transport,
		now: () => Date.now() - 60_000,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	t.after(async () => bob.service.stop());
	const texts = () =>
		alice.service.getSnapshot().entries.map((entry) => entry.text);
	await waitFor(
		() =>
			alice.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{what: 'bob linked'},
	);
	await bob.service.send('while you were away');
	await waitFor(() => texts().includes('while you were away'), {
		what: "bob's line at alice",
	});
	const shown = texts();
	assert.equal(shown[0], 'said an hour ago');
	assert.equal(shown[1], newSinceMarker);
	assert.ok(shown.indexOf('while you were away') > 1, shown.join(' | '));
});
