/**
 * Rooms over the Hyperswarm DHT (`--room`): nodes that know no address,
 * only a room name, find each other on a local DHT (@hyperswarm/testnet)
 * and their Hyperswarm connections become ordinary native links. Every
 * test here runs inside a network namespace the file makes
 * (`helpers/netns.ts`), where the DHT can reach only loopback.
 */
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import createTestnet from '@hyperswarm/testnet';
import type {ChatService} from '../../source/service/chat-service.js';
import type {ChatServiceOptions} from '../../source/service/options.js';
import type {PeerView} from '../../source/service/types.js';
import {routeLabel} from '../../source/view/peer-state.js';
import {chatLines, startNode} from '../helpers/legacy-peer.js';
import {inNamespace} from '../helpers/netns.js';
import {runDhtCommand} from '../../source/dht-command.js';
import {waitFor} from '../helpers/wait-for.js';

type Testnet = Awaited<ReturnType<typeof createTestnet>>;
type Node = {service: ChatService; port: number; startedAt: number};

if (inNamespace(import.meta.filename, 'rooms over a local DHT', 90_000)) {
	let testnet: Testnet;
	const started: Node[] = [];

	before(async () => {
		testnet = await createTestnet(3);
	});

	after(async () => {
		await Promise.all(started.map(async (node) => node.service.stop()));
		await testnet.destroy();
	});

	const roomNode = async (
		nick: string,
		options: Partial<ChatServiceOptions> = {},
	): Promise<Node> => {
		const startedAt = performance.now();
		const node = await startNode({
			nick,
			rooms: ['test'],
			dhtBootstrap: testnet.bootstrap,
			...options,
		});
		const started_ = {...node, startedAt};
		started.push(started_);
		return started_;
	};

	const onlinePeers = (node: Node): PeerView[] =>
		node.service
			.getSnapshot()
			.hosts.filter(
				(host): host is PeerView =>
					host.kind === 'peer' && host.state === 'online',
			);

	/** Online over a link of its own (not through other peers). */
	const linkedPeers = (node: Node): PeerView[] =>
		onlinePeers(node).filter((peer) => peer.reach.kind === 'direct');

	const stopAll = async (nodes: readonly Node[]) => {
		await Promise.all(nodes.map(async (node) => node.service.stop()));
		for (const node of nodes) started.splice(started.indexOf(node), 1);
	};

	test('two nodes in one room find each other and chat, over a swarm link', async (t) => {
		const [alice, bob] = await Promise.all([
			roomNode('alice'),
			roomNode('bob'),
		]);
		const linked = await waitFor(
			() =>
				onlinePeers(alice).length === 1 &&
				onlinePeers(bob).length === 1 &&
				performance.now(),
			{timeoutMs: 15_000, intervalMs: 20, what: 'alice and bob linked'},
		);
		t.diagnostic(
			`first link ${Math.round(linked - alice.startedAt)} ms after start`,
		);
		const [bobRow] = onlinePeers(alice);
		assert.equal(bobRow?.nick, 'bob');
		// The same key as the node's identity: one fingerprint however reached.
		assert.equal(
			bobRow.publicKey,
			bob.service.getSnapshot().identity.publicKey,
		);
		assert.equal(bobRow.reach.kind, 'direct');
		assert.equal(
			bobRow.reach.kind === 'direct' && bobRow.reach.via.kind,
			'swarm',
		);
		assert.match(routeLabel(bobRow) ?? '', /^direct · swarm/v);
		const notices = alice.service
			.getSnapshot()
			.entries.flatMap((entry) =>
				entry.kind === 'notice' ? [entry.text] : [],
			);
		assert.ok(
			notices.some((text) => text.startsWith('Looking up room "test"')),
			notices.join('\n'),
		);

		await alice.service.send('hello through the DHT');
		await waitFor(
			() =>
				chatLines(bob.service).some((line) =>
					line.endsWith('> hello through the DHT'),
				),
			{timeoutMs: 5000, what: 'the line at bob'},
		);
		await stopAll([alice, bob]);
	});

	test('three nodes started at once all meet (the re-lookup), and chat both ways', async () => {
		const nodes = await Promise.all([
			roomNode('n0'),
			roomNode('n1'),
			roomNode('n2'),
		]);
		await waitFor(() => nodes.every((node) => linkedPeers(node).length === 2), {
			timeoutMs: 15_000,
			intervalMs: 50,
			what: 'three nodes fully linked',
		});
		await nodes[2].service.send('from n2');
		await nodes[0].service.send('from n0');
		await waitFor(
			() =>
				chatLines(nodes[0].service).some((line) =>
					line.endsWith('> from n2'),
				) &&
				chatLines(nodes[1].service).some((line) =>
					line.endsWith('> from n2'),
				) &&
				chatLines(nodes[2].service).some((line) => line.endsWith('> from n0')),
			{timeoutMs: 5000, what: 'lines both ways'},
		);
		await stopAll(nodes);
	});

	test('a room node that stops is shown offline, and the others keep chatting', async () => {
		const nodes = await Promise.all([
			roomNode('n0'),
			roomNode('n1'),
			roomNode('n2'),
		]);
		const [n0, n1, n2] = nodes;
		await waitFor(() => nodes.every((node) => linkedPeers(node).length === 2), {
			timeoutMs: 15_000,
			intervalMs: 50,
			what: 'three nodes fully linked',
		});
		await stopAll([n2]);
		const n2Key = n2.service.getSnapshot().identity.publicKey;
		await waitFor(
			() =>
				[n0, n1].every((node) =>
					node.service
						.getSnapshot()
						.hosts.some(
							(host) =>
								host.kind === 'peer' &&
								host.publicKey === n2Key &&
								host.state === 'offline',
						),
				),
			{timeoutMs: 15_000, what: 'n2 shown offline'},
		);
		await n1.service.send('still here');
		await waitFor(
			() => chatLines(n0.service).some((line) => line.endsWith('> still here')),
			{timeoutMs: 5000, what: 'the line at n0'},
		);
		await stopAll([n0, n1]);
	});

	test('a node with another secret in a room of the same name reads nothing', async () => {
		const [alice, bob] = await Promise.all([
			roomNode('alice', {secret: 'right secret'}),
			roomNode('bob', {secret: 'right secret'}),
		]);
		const eve = await roomNode('eve', {secret: 'wrong secret'});
		await waitFor(
			() => onlinePeers(alice).length === 1 && onlinePeers(bob).length === 1,
			{timeoutMs: 15_000, what: 'alice and bob linked'},
		);
		await alice.service.send('for the secret room');
		await waitFor(
			() =>
				chatLines(bob.service).some((line) =>
					line.endsWith('> for the secret room'),
				),
			{timeoutMs: 5000, what: 'the line at bob'},
		);
		// Eve's topic is another: she never links, so she never reads it.
		assert.equal(onlinePeers(eve).length, 0);
		assert.equal(chatLines(eve.service).length, 0);
		await stopAll([alice, bob, eve]);
	});

	test('a room node and a TCP-only node chat through a node that has both', async () => {
		const room = await roomNode('room');
		const both = await roomNode('both');
		const tcp = await startNode({
			nick: 'tcp',
			bootstrap: [{host: '127.0.0.1', port: both.port}],
		});
		started.push({...tcp, startedAt: 0});
		await waitFor(
			() =>
				chatLines(tcp.service).length === 0 &&
				onlinePeers(both).length === 2 &&
				onlinePeers(room).some((peer) => peer.nick === 'both'),
			{timeoutMs: 15_000, what: 'the three linked'},
		);
		await room.service.send('from the room');
		await tcp.service.send('from tcp');
		await waitFor(
			() =>
				chatLines(tcp.service).some((line) =>
					line.endsWith('> from the room'),
				) &&
				chatLines(room.service).some((line) => line.endsWith('> from tcp')),
			{timeoutMs: 5000, what: 'lines across both kinds of link'},
		);
		await stopAll([...started]);
	});

	test('peers whose announced addresses cannot be dialed are reached by key through the DHT', async () => {
		// One swarm connection each (so the third link must come from the
		// mesh), and each listens on an address of its own while the swarm
		// sees all three at 127.0.0.1: the addresses the mesh announces (the
		// swarm link's IP, the HELLO's port) refuse TCP, as a NAT's would.
		const alone = (host: string) => ({roomMaxPeers: 1, host});
		const alice = await roomNode('alice', alone('127.0.0.2'));
		const bob = await roomNode('bob', alone('127.0.0.3'));
		await waitFor(() => linkedPeers(alice).length === 1, {
			timeoutMs: 15_000,
			what: 'alice and bob linked',
		});
		const carol = await roomNode('carol', alone('127.0.0.4'));
		await waitFor(
			() => [alice, bob, carol].every((node) => linkedPeers(node).length === 2),
			{timeoutMs: 20_000, intervalMs: 50, what: 'all three linked'},
		);
		for (const node of [alice, bob, carol]) {
			for (const peer of linkedPeers(node)) {
				assert.equal(
					peer.reach.kind === 'direct' && peer.reach.via.kind,
					'swarm',
				);
			}
		}

		await stopAll([alice, bob, carol]);
	});

	test('with no DHT node answering, the node says so in plain words', async () => {
		// Nothing listens there: the namespace is the test's own.
		const lonely = await roomNode('lonely', {
			dhtBootstrap: [{host: '127.0.0.1', port: 9}],
		});
		await waitFor(
			() =>
				lonely.service
					.getSnapshot()
					.entries.some(
						(entry) =>
							entry.kind === 'error' &&
							entry.text.startsWith(
								'Room "test": no DHT node answered (127.0.0.1:9). Check the internet connection',
							),
					),
			{timeoutMs: 15_000, intervalMs: 100, what: 'the offline notice'},
		);
		await stopAll([lonely]);
	});

	test('p2p-chat dht runs a bootstrap node that rooms find each other through', async () => {
		let stop = () => undefined as void;
		const stopped = new Promise<void>((resolve) => {
			stop = resolve;
		});
		let said = '';
		// The namespace is the test's own: this port is free in it (not
		// 49737, HyperDHT's default, which the testnet's first node takes).
		const running = runDhtCommand(['--host', '127.0.0.1', '--port', '41737'], {
			write(text) {
				said += text;
			},
			writeError(text) {
				said += text;
			},
			stopped,
		});
		await waitFor(() => said.includes('--dht-bootstrap 127.0.0.1:41737'), {
			what: 'the bootstrap node started',
		});
		const own = [{host: '127.0.0.1', port: 41_737}];
		const [alice, bob] = await Promise.all([
			roomNode('alice', {dhtBootstrap: own}),
			roomNode('bob', {dhtBootstrap: own}),
		]);
		await waitFor(
			() => onlinePeers(alice).length === 1 && onlinePeers(bob).length === 1,
			{timeoutMs: 15_000, what: 'alice and bob linked through our DHT node'},
		);
		await stopAll([alice, bob]);
		stop();
		assert.equal(await running, 0);
	});
}
