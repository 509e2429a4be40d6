/**
 * Announcement digests between real services (PROTOCOL.md §9a): nodes that
 * keep a history (their HELLOs carry the catch-up flag) tell each other
 * FEATURES and then refresh with DIGEST frames, through the real codec and
 * links, and stay online for each other; a node without a history (no
 * flag) is never sent an extension and gets whole announcements. Nodes on
 * a memory network, refreshing every second instead of every 30 s.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const mesh = {refreshMs: 1000};

function online(service: ChatService): number {
	return service.getSnapshot().hosts.filter((host) => host.state === 'online')
		.length;
}

function frames(service: ChatService) {
	return service.stats().framesReceived;
}

test('nodes with a history refresh by digest, and one without gets whole announcements', async (t) => {
	const transport = new MemoryNetwork().transport();
	const store = (name: string) =>
		HistoryStore.open(
			mkdtempSync(path.join(os.tmpdir(), `p2p-chat-digests-${name}-`)),
		);
	const alice = await startNode({
		nick: 'alice',
		transport,
		mesh,
		history: store('alice'),
	});
	t.after(async () => alice.service.stop());
	const bootstrap = [{host: '127.0.0.1', port: alice.port}];
	const bob = await startNode({
		nick: 'bob',
		transport,
		mesh,
		history: store('bob'),
		bootstrap,
	});
	t.after(async () => bob.service.stop());
	// No history: its HELLO has no catch-up flag, so it is sent no extension.
	const carol = await startNode({nick: 'carol', transport, mesh, bootstrap});
	t.after(async () => carol.service.stop());
	const nodes = [alice, bob, carol].map((node) => node.service);
	await waitFor(() => nodes.every((node) => online(node) === 2), {
		timeoutMs: 10_000,
	});
	const before = nodes.map((node) => ({...frames(node)}));
	// A few refreshes with nothing changing.
	await waitFor(() => frames(bob.service).digest - before[1]!.digest >= 3, {
		timeoutMs: 10_000,
	});
	assert.ok(frames(alice.service).features >= 1, 'alice was told FEATURES');
	assert.ok(frames(alice.service).digest > before[0]!.digest);
	assert.equal(frames(carol.service).features, 0, 'carol is sent no extension');
	assert.equal(frames(carol.service).digest, 0);
	assert.ok(
		frames(carol.service).announce - before[2]!.announce >= 3,
		'carol gets whole announcements',
	);
	assert.ok(
		nodes.every((node) => online(node) === 2),
		'all still online',
	);
});
