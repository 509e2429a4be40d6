/**
 * Hardening finding 1: a connection that sends a legacy line and resets
 * before the node reads its address. The node used to take `?` for the
 * address, list `?:PORT`, put it in its announcements and bridged lines, and
 * every peer's decoder then closed its link: one connection cut a node off.
 *
 * To land the reset before the accept every time, the client runs while this
 * process is blocked in `spawnSync`: the kernel completes the handshake,
 * queues the bytes and takes the reset; the node accepts afterwards.
 */
import {spawnSync} from 'node:child_process';
import process from 'node:process';
import test from 'node:test';
import assert from 'node:assert/strict';
import {chatLines, rawSend, startNode} from '../helpers/legacy-peer.js';
import {seededRandom} from '../helpers/event-queue.js';
import {waitFor} from '../helpers/wait-for.js';
import {directPeers} from '../helpers/rows.js';

/** Connect, send `PORT:text`, reset (SO_LINGER 0), all before the node can accept. */
function sendAndReset(port: number, line: string): void {
	const script = `
		const net = require('node:net');
		const socket = net.connect({host: '127.0.0.1', port: ${port}}, () => {
			socket.write(${JSON.stringify(line)}, () => {
				socket.resetAndDestroy();
				setTimeout(() => process.exit(0), 50);
			});
		});
		socket.on('error', () => process.exit(1));
		setTimeout(() => process.exit(2), 3000);
	`;
	const result = spawnSync(process.execPath, ['-e', script], {
		timeout: 5000,
	});
	assert.equal(result.status, 0, `the client failed: ${String(result.stderr)}`);
}

type Node = Awaited<ReturnType<typeof startNode>>;

function linked(node: Node): boolean {
	return directPeers(node.service.getSnapshot()).length > 0;
}

/** Alice, and bob linked to her; both stopped when the test ends. */
async function linkedPair(t: test.TestContext): Promise<[Node, Node]> {
	const alice = await startNode({nick: 'alice'});
	const bob = await startNode({
		nick: 'bob',
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	t.after(async () => {
		await Promise.all([alice.service.stop(), bob.service.stop()]);
	});
	await waitFor(() => linked(alice) && linked(bob), {what: 'the link'});
	return [alice, bob];
}

test('a connection reset before its address is read cannot cut a node off its peers', async (t) => {
	const [alice, bob] = await linkedPair(t);

	for (let attempt = 0; attempt < 4; attempt++) {
		sendAndReset(alice.port, `20998:from nowhere ${attempt}`);
	}

	await waitFor(() => alice.service.getSnapshot().counters.vanished === 4, {
		what: 'four vanished connections counted',
	});
	// Whatever the node made of them, nothing without an address is listed.
	for (const host of alice.service.getSnapshot().hosts) {
		const where = host.kind === 'peer' ? host.address : host.id;
		assert.match(where ?? '', /^[\d.]+:\d+$/v, `listed ${host.id}`);
	}

	// The link survives: alice's next announcements and lines still decode at bob.
	for (let index = 0; index < 10; index++) {
		// eslint-disable-next-line no-await-in-loop -- in order, as a user types
		await alice.service.send(`line ${index}`);
	}

	await waitFor(() => chatLines(bob.service).length === 10, {
		what: 'all ten lines at bob',
	});
	assert.equal(bob.service.getSnapshot().counters.linkErrors, 0);
	assert.ok(linked(alice) && linked(bob), 'the link is still up');
});

test('random legacy input into one node never makes it send its peer a frame the peer refuses', async (t) => {
	const seed = Date.now() % 1_000_000;
	const random = seededRandom(seed);
	const [alice, bob] = await linkedPair(t);

	const alphabet = '0123456789:+-<> ?%[]\u00E4\u202E\n\r\t';
	const payload = () => {
		const length = 1 + Math.floor(random() * 40);
		const text = Array.from(
			{length},
			() => alphabet[Math.floor(random() * alphabet.length)],
		).join('');
		const port = 1 + Math.floor(random() * 65_535);
		return random() < 0.7 ? `${port}:${text}` : text;
	};

	// 6 batches of 10 connections at once (the node takes 64).
	for (let batch = 0; batch < 6; batch++) {
		const payloads = Array.from({length: 10}, payload);
		// eslint-disable-next-line no-await-in-loop -- batches keep the node under its connection cap
		await Promise.all(
			payloads.map(async (bytes) =>
				rawSend(alice.port, bytes).catch(() => undefined),
			),
		);
	}

	await alice.service.send('after the noise');
	await waitFor(
		() =>
			chatLines(bob.service).some((line) => line.endsWith('> after the noise')),
		{what: `the line at bob (seed ${seed})`},
	);
	assert.equal(
		bob.service.getSnapshot().counters.linkErrors,
		0,
		`bob refused a frame from alice (seed ${seed})`,
	);
});
