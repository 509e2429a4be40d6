/**
 * A restarted node shows whom it is rejoining: the peers it remembers are
 * rows (by key, no nick yet but the one each had before, connecting) while
 * it dials them, and turn into ordinary rows once they answer. Memory
 * network, real store files.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {newKeyPair} from '../../source/node/identity.js';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {Transport} from '../../source/node/transport.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import type {ChatService} from '../../source/service/chat-service.js';
import type {PeerView} from '../../source/service/types.js';
import {findPeer} from '../../source/service/find-peer.js';
import {peersLines, whoisLines} from '../../source/commands/peer-info.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const peerRows = (service: ChatService) =>
	service
		.getSnapshot()
		.hosts.filter((host): host is PeerView => host.kind === 'peer');

/**
 * Bob running, and a way to start alice (again) with a store of her own
 * and her own key, through `transport` (or a wrapper around it).
 */
async function bobAndAlice(
	wrap: (transport: Transport, bobPort: number) => Transport = (transport) =>
		transport,
) {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-rejoin-rows-'));
	const aliceKeys = newKeyPair();
	const bobKeys = newKeyPair();
	const bob = await startNode({nick: 'bob', keyPair: bobKeys, transport});
	const aliceTransport = wrap(transport, bob.port);
	const startAlice = async (
		bootstrap: Array<{host: string; port: number}>,
		secret?: string,
	) =>
		startNode({
			nick: 'alice',
			keyPair: aliceKeys,
			transport: aliceTransport,
			history: HistoryStore.open(folder),
			bootstrap,
			secret,
		});
	/** Bob again, on the port he had, with his key and `nick` (and `secret`). */
	const restartBob = async (nick: string, secret?: string) =>
		startNode({nick, keyPair: bobKeys, transport, port: bob.port, secret});
	return {bob, startAlice, restartBob};
}

/** Until `service` lists a peer called `nick` online. */
async function onlineAs(service: ChatService, nick: string, what: string) {
	await waitFor(
		() =>
			peerRows(service).some(
				(peer) => peer.nick === nick && peer.state === 'online',
			),
		{timeoutMs: 10_000, what},
	);
}

test('the peers being rejoined are listed from the start, and named once they answer', async (t) => {
	const pair = await bobAndAlice();
	const {startAlice} = pair;
	let {bob} = pair;
	const bobPort = bob.port;
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
	assert.equal(row?.formerNick, 'bob', 'the nick he had, kept as that');
	assert.equal(row?.state, 'connecting');
	assert.equal(row?.address, `127.0.0.1:${bobPort}`);
	// A name he may have given up finds nobody: not a private line's...
	const snapshot = alice.service.getSnapshot();
	const self = {publicKey: snapshot.identity.publicKey, nick: snapshot.nick};
	const found = findPeer(snapshot.hosts, self, 'bob');
	assert.equal('why' in found && found.why, 'unknown');
	// ...nor /whois (his fingerprint does, and says what he was called).
	assert.deepEqual(whoisLines(snapshot, 'bob'), ['No peer called bob']);
	assert.match(
		whoisLines(snapshot, row?.fingerprint ?? '').join('\n'),
		/met before the restart as bob, not heard from yet/v,
	);

	bob = await pair.restartBob('bob');
	t.after(async () => bob.service.stop());
	await waitFor(
		() =>
			peerRows(alice.service).some(
				(peer) =>
					peer.nick === 'bob' &&
					peer.state === 'online' &&
					peer.rejoining === undefined &&
					peer.formerNick === undefined,
			),
		{timeoutMs: 10_000, what: 'bob back, by name'},
	);
	assert.equal(peerRows(alice.service).length, 1, 'one row for bob');
});

test('a peer rejoined under another nick is listed by the one it says now; the stored one goes', async (t) => {
	const pair = await bobAndAlice();
	const {startAlice} = pair;
	let {bob} = pair;
	const bobPort = bob.port;
	let alice = await startAlice([{host: '127.0.0.1', port: bobPort}]);
	await waitFor(() => peerRows(alice.service)[0]?.nick === 'bob', {
		what: 'alice linked to bob',
	});
	await alice.service.stop();
	await bob.service.stop();

	alice = await startAlice([]);
	t.after(async () => alice.service.stop());
	assert.equal(peerRows(alice.service)[0]?.formerNick, 'bob');

	bob = await pair.restartBob('robert');
	t.after(async () => bob.service.stop());
	await onlineAs(alice.service, 'robert', 'bob back as robert');
	const rows = peerRows(alice.service);
	assert.equal(rows.length, 1, 'one row for him');
	assert.equal(rows[0]?.formerNick, undefined, 'what he says now wins');
	assert.equal(rows[0]?.rejoining, undefined);
});

test('a node restarted with --bootstrap to the peer it is rejoining lists it once, while it is down and when it is back', async (t) => {
	// Alice's dials to bob's port, counted.
	let dials = 0;
	const pair = await bobAndAlice((transport, bobPort) => ({
		connect(host, port) {
			if (port === bobPort) dials++;
			return transport.connect(host, port);
		},
		listen: async (...args) => transport.listen(...args),
	}));
	let {bob} = pair;
	const bobPort = bob.port;
	const startAlice = async () =>
		pair.startAlice([{host: '127.0.0.1', port: bobPort}]);
	let alice = await startAlice();
	await waitFor(() => peerRows(alice.service)[0]?.state === 'online', {
		what: 'alice linked to bob',
	});
	await alice.service.stop();
	await bob.service.stop();

	// The same command line again, bob still down: one row, by key.
	alice = await startAlice();
	t.after(async () => alice.service.stop());
	const rows = () => alice.service.getSnapshot().hosts;
	const described = () =>
		JSON.stringify(rows().map((row) => [row.kind, row.address, row.state]));
	assert.equal(rows().length, 1, described());
	assert.equal(peerRows(alice.service)[0]?.rejoining, true, described());
	// Its dials fail (bootstrap and rejoin alike), and nothing else appears.
	const before = dials;
	await waitFor(() => dials >= before + 2, {
		what: 'dials to where bob was',
		timeoutMs: 10_000,
	});
	assert.equal(rows().length, 1, described());
	// /connect to that address answers with the row that stands for it.
	const connected = await alice.service.connect(`127.0.0.1:${bobPort}`);
	assert.equal(connected.kind === 'peer' && connected.rejoining, true);
	assert.equal(rows().length, 1, described());

	bob = await pair.restartBob('bob');
	t.after(async () => bob.service.stop());
	await onlineAs(alice.service, 'bob', 'bob back, by name');
	assert.equal(rows().length, 1, described());
});

test('a peer that refuses the rejoin for the network secret is offline, and its row says why', async (t) => {
	const pair = await bobAndAlice();
	const {startAlice} = pair;
	let {bob} = pair;
	let alice = await startAlice([{host: '127.0.0.1', port: bob.port}]);
	await onlineAs(alice.service, 'bob', 'alice linked to bob');
	await alice.service.stop();

	// Restarted with a secret bob does not have: dialed, and refused.
	const secret = 'not bob’s secret';
	alice = await startAlice([], secret);
	const bobRow = () => peerRows(alice.service)[0];
	await waitFor(() => bobRow()?.refused !== undefined, {
		what: 'the refusal on bob’s row',
		timeoutMs: 10_000,
	});
	assert.equal(
		bobRow()?.state,
		'offline',
		'not "connecting": he is not coming',
	);
	assert.equal(bobRow()?.rejoining, true);
	assert.match(bobRow()?.refused ?? '', /no network secret/v);
	const snapshot = alice.service.getSnapshot();
	assert.match(
		whoisLines(snapshot, bobRow()?.fingerprint ?? '').join('\n'),
		/refused: the peer has no network secret/v,
	);
	assert.match(peersLines(snapshot).join('\n'), /secret differs/v);

	// Bob restarts with alice's secret while she runs: her redial links,
	// and the refusal is forgotten.
	await bob.service.stop();
	bob = await pair.restartBob('bob', secret);
	t.after(async () => {
		await Promise.all([alice.service.stop(), bob.service.stop()]);
	});
	await onlineAs(alice.service, 'bob', 'bob back with the secret');
	assert.equal(bobRow()?.refused, undefined);
	assert.doesNotMatch(
		peersLines(alice.service.getSnapshot()).join('\n'),
		/secret differs/v,
	);
});
