/**
 * A restarted node shows whom it is rejoining: the peers it remembers are
 * rows (by key, no nick yet, connecting) while it dials them, and turn into
 * ordinary rows once they answer. Memory network, real store files.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {newKeyPair} from '../../source/node/identity.js';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import type {ChatService} from '../../source/service/chat-service.js';
import type {PeerView} from '../../source/service/types.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const peerRows = (service: ChatService) =>
	service
		.getSnapshot()
		.hosts.filter((host): host is PeerView => host.kind === 'peer');

test('the peers being rejoined are listed from the start, and named once they answer', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-rejoin-rows-'));
	const aliceKeys = newKeyPair();
	const bobKeys = newKeyPair();
	let bob = await startNode({nick: 'bob', keyPair: bobKeys, transport});
	const bobPort = bob.port;
	const startAlice = async (bootstrap: Array<{host: string; port: number}>) =>
		startNode({
			nick: 'alice',
			keyPair: aliceKeys,
			transport,
			history: HistoryStore.open(folder),
			bootstrap,
		});
	let alice = await startAlice([{host: '127.0.0.1', port: bobPort}]);
	await waitFor(() => peerRows(alice.service)[0]?.state === 'online', {
		what: 'alice linked to bob',
	});
	const bobKey = peerRows(alice.service)[0]?.publicKey;
	await alice.service.stop();
	await bob.service.stop();

	alice = await startAlice([]);
	t.after(async () => alice.service.stop());
	const [row] = peerRows(alice.service);
	assert.equal(row?.publicKey, bobKey, 'bob, by key');
	assert.equal(row?.rejoining, true);
	assert.equal(row?.nick, '', 'no nick until he says one');
	assert.equal(row?.state, 'connecting');
	assert.equal(row?.address, `127.0.0.1:${bobPort}`);

	bob = await startNode({
		nick: 'bob',
		keyPair: bobKeys,
		transport,
		port: bobPort,
	});
	t.after(async () => bob.service.stop());
	await waitFor(
		() =>
			peerRows(alice.service).some(
				(peer) =>
					peer.nick === 'bob' &&
					peer.state === 'online' &&
					peer.rejoining === undefined,
			),
		{timeoutMs: 10_000, what: 'bob back, by name'},
	);
	assert.equal(peerRows(alice.service).length, 1, 'one row for bob');
});
