/**
 * Hardening finding 8: the replay memory was RAM only, so a signed line
 * captured and resent to a node that had restarted (inside its ten-minute
 * clock window) showed again as new. The floors are kept in the profile
 * folder now, and a restarted node refuses the old line.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import {startNode} from '../helpers/legacy-peer.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {waitFor} from '../helpers/wait-for.js';

/** Nodes here talk over memory: what is tested is not the sockets. */
const transport = new MemoryNetwork().transport();

function shown(node: Awaited<ReturnType<typeof startNode>>, text: string) {
	return node.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'chat' && entry.text === text)
		.length;
}

test('a signed line resent after a restart is refused as a replay', async (t) => {
	const stateDir = await mkdtemp(path.join(os.tmpdir(), 'p2p-chat-replay-'));
	t.after(async () => rm(stateDir, {recursive: true, force: true}));
	let node = await startNode({transport, stateDir});
	const peer = await rawNativePeer(node.port, {transport, nick: 'mallory'});
	const now = Date.now();
	const captured = peer.signer.sign({
		nick: 'mallory',
		timestamp: now,
		seq: now,
		text: 'pay 10 coins',
	});
	peer.sendChat(captured);
	await waitFor(() => shown(node, 'pay 10 coins') === 1, {what: 'the line'});
	peer.destroy();
	await node.service.stop();

	node = await startNode({transport, stateDir, port: node.port});
	t.after(async () => node.service.stop());
	const again = await rawNativePeer(node.port, {transport, nick: 'mallory'});
	t.after(() => {
		again.destroy();
	});
	again.sendChat(captured);
	await waitFor(() => node.service.getSnapshot().counters.replayed === 1, {
		what: 'the resent line refused',
	});
	assert.equal(shown(node, 'pay 10 coins'), 0);
});

test('with a history, a line resent after a SIGKILL-like stop (no floors saved) is still refused', async (t) => {
	const folder = await mkdtemp(path.join(os.tmpdir(), 'p2p-chat-replay-'));
	t.after(async () => rm(folder, {recursive: true, force: true}));
	// No stateDir: the floors file is never written; only the history knows.
	let node = await startNode({transport, history: HistoryStore.open(folder)});
	const peer = await rawNativePeer(node.port, {transport, nick: 'mallory'});
	const now = Date.now();
	const captured = peer.signer.sign({
		nick: 'mallory',
		timestamp: now,
		seq: now,
		text: 'pay 20 coins',
	});
	peer.sendChat(captured);
	await waitFor(() => shown(node, 'pay 20 coins') === 1, {what: 'the line'});
	peer.destroy();
	await node.service.stop();

	node = await startNode({
		transport,
		history: HistoryStore.open(folder),
		port: node.port,
	});
	t.after(async () => node.service.stop());
	// Shown once: from the history, not again as new.
	assert.equal(shown(node, 'pay 20 coins'), 1);
	const again = await rawNativePeer(node.port, {transport, nick: 'mallory'});
	t.after(() => {
		again.destroy();
	});
	again.sendChat(captured);
	// A fresh line after it: once that shows, the resent one was judged
	// (a link's frames are taken in order). It is held, so it is a copy.
	const later = Date.now();
	again.sendChat(
		again.signer.sign({
			nick: 'mallory',
			timestamp: later,
			seq: later,
			text: 'a fresh line',
		}),
	);
	await waitFor(() => shown(node, 'a fresh line') === 1, {
		what: 'the fresh line',
	});
	assert.equal(shown(node, 'pay 20 coins'), 1);
});
