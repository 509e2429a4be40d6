/**
 * The mesh: a chain of nodes where each knows only the one before it. Small
 * link budgets (2 dialed, 3 at most) keep it from becoming a full mesh, so
 * lines must be relayed. The first test runs on real sockets (loopback
 * only) and the second kills a real process; the rest run on a memory
 * network (`node/memory-transport.ts`), where sockets are not the point.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {newKeyPair} from '../../source/node/identity.js';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {tcpTransport, type Transport} from '../../source/node/transport.js';
import type {ChatService} from '../../source/service/chat-service.js';
import type {ChatServiceOptions} from '../../source/service/options.js';
import {
	chatLines,
	fakeReference,
	rawSend,
	startNode,
	type FakeReference,
} from '../helpers/legacy-peer.js';
import {
	ensureBuilt,
	startCli,
	type CliProcess,
} from '../helpers/cli-process.js';
import {waitFor} from '../helpers/wait-for.js';
import {
	addressRow,
	directPeers,
	peerNamed,
	peerRows,
	relayedPeers,
} from '../helpers/rows.js';

const smallMesh: Partial<ChatServiceOptions> = {
	mesh: {activeLinks: 2, maxLinks: 3},
};

type Node = {service: ChatService; port: number};

async function chain(
	count: number,
	transport: Transport = tcpTransport,
): Promise<Node[]> {
	const nodes: Node[] = [];
	for (let index = 0; index < count; index++) {
		const previous = nodes.at(-1);
		// eslint-disable-next-line no-await-in-loop -- each bootstraps from the one before
		const node = await startNode({
			...smallMesh,
			transport,
			nick: `n${index}`,
			bootstrap: previous ? [{host: '127.0.0.1', port: previous.port}] : [],
		});
		nodes.push(node);
	}

	return nodes;
}

function onlineCount(node: Node): number {
	return node.service
		.getSnapshot()
		.hosts.filter((host) => host.state === 'online').length;
}

async function converged(nodes: readonly Node[], what: string): Promise<void> {
	await waitFor(
		() => nodes.every((node) => onlineCount(node) === nodes.length - 1),
		{
			timeoutMs: 15_000,
			intervalMs: 50,
			what,
		},
	);
}

function count(node: Node, text: string): number {
	return chatLines(node.service).filter((line) => line.endsWith(`> ${text}`))
		.length;
}

let flushes = 0;

/** The text of a marker line sent by `flushed` (never asserted on). */
const markerPattern = /> flush \d+ from \S+$/v;

/**
 * Wait until copies of the lines sent so far have arrived, instead of
 * sleeping "long enough" before checking that no extra copy came: every node
 * sends a marker line, and we wait until each node has the others' markers
 * (and `legacy`, if given, has all of them). A link is FIFO and a node
 * relays a line as it receives it (per legacy host, in order), so a copy
 * already sent on a link arrives before a marker sent after it on that link.
 * Checks after this leave the markers out.
 */
async function flushed(
	nodes: readonly Node[],
	legacy?: FakeReference,
): Promise<void> {
	flushes++;
	const marker = (node: Node) =>
		`flush ${flushes} from ${node.service.getSnapshot().nick}`;
	await Promise.all(nodes.map(async (node) => node.service.send(marker(node))));
	await waitFor(
		() =>
			nodes.every((node) =>
				nodes.every(
					(other) => other === node || count(node, marker(other)) >= 1,
				),
			) &&
			(legacy === undefined ||
				nodes.every((node) =>
					legacy.received.some((text) => text.endsWith(marker(node))),
				)),
		{timeoutMs: 10_000, what: `markers of flush ${flushes} everywhere`},
	);
}

function withoutMarkers(lines: readonly string[]): string[] {
	return lines.filter((line) => !markerPattern.test(line));
}

test('five nodes in a chain find each other and every line reaches every node once', async (t) => {
	const nodes = await chain(5);
	t.after(async () => {
		await Promise.all(nodes.map(async (node) => node.service.stop()));
	});
	await converged(nodes, 'all five to list each other online');
	for (const node of nodes) {
		const links = directPeers(node.service.getSnapshot()).length;
		assert.ok(links >= 1 && links <= 3, `${links} direct links`);
	}

	const relayed = nodes.flatMap((node) =>
		relayedPeers(node.service.getSnapshot()),
	);
	assert.ok(relayed.length > 0, 'some peers are reached through others');
	assert.ok(
		relayed.every(
			(host) => host.reach.kind === 'relayed' && host.reach.hops >= 2,
		),
	);

	await nodes[0]!.service.send('from the first');
	await nodes[4]!.service.send('from the last');
	await waitFor(
		() =>
			nodes.slice(1).every((node) => count(node, 'from the first') === 1) &&
			nodes.slice(0, 4).every((node) => count(node, 'from the last') === 1),
		{timeoutMs: 5000, what: 'both lines everywhere'},
	);
	// Let duplicates, if any, arrive, then check there were none.
	await flushed(nodes);
	for (const node of nodes) {
		assert.ok(count(node, 'from the first') <= 1);
		assert.ok(count(node, 'from the last') <= 1);
	}

	const entry = nodes[4]!.service
		.getSnapshot()
		.entries.find((item) => item.text === 'from the first');
	assert.equal(entry?.kind, 'chat');
	assert.equal(entry.source.type, 'native');
	assert.equal(entry.source.nick, 'n0');
});

test('killing the middle node of a chain: it shows offline and the rest still chat', async (t) => {
	ensureBuilt();
	const [a, b] = await chain(2);
	const middle: CliProcess = startCli([
		'--headless',
		'--host',
		'127.0.0.1',
		'--port',
		'0',
		'--nick',
		'middle',
		'--bootstrap',
		`127.0.0.1:${b!.port}`,
	]);
	const [, port] = await middle.waitForOutput(/Listening on port (\d+)/v);
	const fourth = await startNodeAfter(Number(port), 'n3');
	const fifth = await startNodeAfter(fourth.port, 'n4');
	const nodes = [a!, b!, fourth, fifth];
	t.after(async () => {
		middle.child.kill('SIGKILL');
		await Promise.all(nodes.map(async (node) => node.service.stop()));
	});
	await waitFor(() => nodes.every((node) => onlineCount(node) === 4), {
		timeoutMs: 15_000,
		intervalMs: 50,
		what: 'all five online',
	});

	middle.child.kill('SIGKILL');
	await waitFor(() => nodes.every((node) => onlineCount(node) === 3), {
		timeoutMs: 10_000,
		intervalMs: 20,
		what: 'the killed node to show offline everywhere',
	});
	const row = peerNamed(a!.service.getSnapshot(), 'middle');
	assert.equal(row?.state, 'offline');
	// "offline 1s ago" counts from when it went, not from its last announcement.
	assert.ok(Date.now() - (row?.lastSeen ?? 0) < 3000, `${row?.lastSeen}`);

	await a!.service.send('after the kill');
	await fifth.service.send('back from the end');
	await waitFor(
		() =>
			[b!, fourth, fifth].every(
				(node) => count(node, 'after the kill') === 1,
			) &&
			[a!, b!, fourth].every((node) => count(node, 'back from the end') === 1),
		{timeoutMs: 10_000, what: 'lines across the gap'},
	);
});

test('a new nick is told; a node that quits shows as left at once; started again with its key, it is back online', async (t) => {
	const transport = new MemoryNetwork().transport();
	const [a, b] = await chain(2, transport);
	const keyPair = newKeyPair();
	const startC = async (nick = 'c') =>
		startNode({
			...smallMesh,
			transport,
			nick,
			keyPair,
			bootstrap: [{host: '127.0.0.1', port: b!.port}],
		});
	let c = await startC();
	t.after(async () => {
		await Promise.all([a!, b!, c].map(async (node) => node.service.stop()));
	});
	await converged([a!, b!, c], 'all three online');
	const keyOfC = c.service.getSnapshot().identity.publicKey;
	const rowOfC = () =>
		peerRows(a!.service.getSnapshot()).find(
			(host) => host.publicKey === keyOfC,
		);
	const notes = () =>
		a!.service
			.getSnapshot()
			.entries.filter((entry) => entry.kind === 'notice')
			.map((entry) => entry.text ?? '');

	const renamed = () =>
		notes().some((text) => /^c·[\da-f]{8} is now known as carl\.$/v.test(text));
	c.service.setNick('carl');
	// The row can show the nick first: a link made just now brings it in its
	// HELLO, before the announcement that the notice comes from.
	await waitFor(() => rowOfC()?.nick === 'carl' && renamed(), {
		timeoutMs: 3000,
		what: 'the new nick at a, and the notice',
	}).catch(() => undefined);
	assert.equal(rowOfC()?.nick, 'carl');
	assert.ok(renamed(), notes().join(' | '));
	c.service.setNick('c');
	await waitFor(() => rowOfC()?.nick === 'c', {
		timeoutMs: 3000,
		what: 'the nick back at a',
	});

	await c.service.stop();
	await waitFor(() => rowOfC()?.left === true, {
		timeoutMs: 2000,
		what: 'the goodbye to reach a',
	});
	assert.equal(rowOfC()?.state, 'offline');
	// The notice follows the row within a turn (the peer list is synced once per burst).
	await waitFor(
		() => notes().some((text) => /^c·[\da-f]{8} left\.$/v.test(text)),
		{what: 'the left notice'},
	);

	// Back under another nick: told once, the right way round (its HELLO
	// is newer than the goodbye the others hold).
	c = await startC('cee');
	await waitFor(
		() => rowOfC()?.state === 'online' && rowOfC()?.nick === 'cee',
		{
			timeoutMs: 10_000,
			what: 'c back online at a, as cee',
		},
	);
	assert.equal(rowOfC()?.left, false);
	await flushed([a!, b!, c]);
	for (const node of [a!, b!]) {
		const told = node.service
			.getSnapshot()
			.entries.map((entry) => entry.text ?? '')
			.filter((text) => /back online|known as/v.test(text));
		// Back online and renamed come in either order (at b, the link is up
		// before the new announcement arrives; at a, both come together).
		const plain = told.map((text) =>
			text
				.replaceAll(/·[\da-f]{8}/gv, '')
				.replace(/^cee is back/v, 'c is back'),
		);
		assert.deepEqual(plain.slice(0, 2), [
			'c is now known as carl.',
			'carl is now known as c.',
		]);
		assert.deepEqual(plain.slice(2).toSorted(), [
			'c is back online.',
			'c is now known as cee.',
		]);
	}
});

test('a raw legacy peer joins through one node: its lines reach all, unverified, and theirs reach it once', async (t) => {
	const transport = new MemoryNetwork().transport();
	const nodes = await chain(4, transport);
	const legacy = await fakeReference({transport});
	t.after(async () => {
		await Promise.all(nodes.map(async (node) => node.service.stop()));
		await legacy.close();
	});
	await converged(nodes, 'all four online');

	// The legacy peer writes to the last node only, as the seed does to a host it knows.
	await rawSend(nodes[3]!.port, `${legacy.port}:hello from the seed`, {
		transport,
	});
	await waitFor(
		() => nodes.every((node) => count(node, 'hello from the seed') === 1),
		{timeoutMs: 5000, what: 'the legacy line everywhere'},
	);
	const far = nodes[0]!.service
		.getSnapshot()
		.entries.find((item) => item.text === 'hello from the seed');
	assert.equal(far?.kind, 'chat');
	assert.equal(far.source.type, 'legacy');
	assert.equal(far.source.address, `127.0.0.1:${legacy.port}`);
	assert.equal(far.source.bridge?.nick, 'n3');
	assert.match(far.source.bridge.fingerprint, /^[\da-f]{8}$/v);

	await nodes[0]!.service.send('hello old friend');
	await waitFor(
		() =>
			legacy.received.some((text) => text.endsWith('<n0> hello old friend')),
		{timeoutMs: 5000, what: 'the legacy peer to get the line'},
	);
	await flushed(nodes, legacy);
	const copies = legacy.received.filter((text) =>
		text.includes('hello old friend'),
	);
	assert.equal(copies.length, 1, copies.join(' | '));
	assert.equal(copies[0], `${nodes[3]!.port}:<n0> hello old friend`);
});

test('two nodes that both dialed one legacy host agree which serves it: it gets each line once', async (t) => {
	const transport = new MemoryNetwork().transport();
	const legacy = await fakeReference({transport});
	const seed = {host: '127.0.0.1', port: legacy.port};
	const a = await startNode({
		...smallMesh,
		transport,
		nick: 'a',
		bootstrap: [seed],
	});
	const b = await startNode({
		...smallMesh,
		transport,
		nick: 'b',
		bootstrap: [seed, {host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => {
		await Promise.all([a, b].map(async (node) => node.service.stop()));
		await legacy.close();
	});
	const legacyRoute = (node: Node) =>
		node.service.getSnapshot().hosts.find((host) => host.state === 'legacy')
			?.route;
	// The legacy host never writes, so only the dials told them what it is.
	await waitFor(
		() => {
			const routes = new Set([legacyRoute(a), legacyRoute(b)]);
			return routes.has('direct') && routes.has('relayed');
		},
		{timeoutMs: 5000, what: 'one of the two to serve the legacy host'},
	);
	const before = legacy.received.length;
	await a.service.send('once to the seed');
	await waitFor(() => legacy.received.length > before, {
		timeoutMs: 5000,
		what: 'the legacy host to get the line',
	});
	await flushed([a, b], legacy);
	const copies = legacy.received.filter((text) =>
		text.includes('once to the seed'),
	);
	assert.equal(copies.length, 1, copies.join(' | '));
});

test("a plain line claiming a linked peer's address is dropped: no legacy row, no plain copies, no echo loop", async (t) => {
	const transport = new MemoryNetwork().transport();
	const [a, c] = await chain(2, transport);
	t.after(async () => {
		await Promise.all([a!, c!].map(async (node) => node.service.stop()));
	});
	await converged([a!, c!], 'the two to link');

	// Anyone can write the seed's `port:` prefix; this one names c's port.
	await rawSend(a!.port, `${c!.port}:I am c, honest`, {transport});
	await waitFor(() => a!.service.getSnapshot().counters.impersonations === 1, {
		timeoutMs: 5000,
		what: 'the spoofed line to be dropped',
	});
	// Or a's own port: a plain line cannot come from a itself either.
	await rawSend(a!.port, `${a!.port}:I am you`, {transport});
	await waitFor(() => a!.service.getSnapshot().counters.impersonations === 2, {
		timeoutMs: 5000,
		what: 'the line claiming a itself to be dropped',
	});
	await a!.service.send('after the spoof');
	await waitFor(() => count(c!, 'after the spoof') === 1, {
		timeoutMs: 5000,
		what: 'the line to reach c',
	});
	// Before the fix a and c sent each other plain copies without end.
	await flushed([a!, c!]);
	for (const node of [a!, c!]) {
		const {hosts, counters, entries} = node.service.getSnapshot();
		assert.deepEqual(
			hosts.map((host) => host.state),
			['online'],
		);
		const shown = (text: string) =>
			entries.filter((entry) => entry.text?.includes(text)).length;
		assert.equal(shown('after the spoof'), 1);
		assert.equal(shown('I am c'), 0);
		assert.equal(shown('I am you'), 0);
		// At most the line and the other's marker.
		assert.ok(counters.received <= 2, `${counters.received} received`);
	}
});

test('spoofed before they met: each rechecks the other natively once it is online, and no line loops', async (t) => {
	const transport = new MemoryNetwork().transport();
	const oneLink = {mesh: {activeLinks: 1, maxLinks: 3}, transport};
	const c = await startNode({...oneLink, nick: 'c'});
	const a = await startNode({...oneLink, nick: 'a'});
	const b = await startNode({...oneLink, nick: 'b'});
	t.after(async () => {
		await Promise.all([a, b, c].map(async (node) => node.service.stop()));
	});
	// Each is told, in plain text, that the other is a legacy host.
	await rawSend(a.port, `${b.port}:I am b`, {transport});
	await rawSend(b.port, `${a.port}:I am a`, {transport});
	// The address row while it is one; once a native node answers there,
	// the row of the peer listening there stands for it.
	const rowAt = (node: Node, port: number) => {
		const snapshot = node.service.getSnapshot();
		const id = `127.0.0.1:${port}`;
		return (
			addressRow(snapshot, id) ??
			peerRows(snapshot).find((peer) => peer.address === id)
		);
	};

	await waitFor(
		() =>
			rowAt(a, b.port)?.state === 'legacy' &&
			rowAt(b, a.port)?.state === 'legacy',
		{what: 'the spoofed rows'},
	);

	await a.service.connect(`127.0.0.1:${c.port}`);
	await b.service.connect(`127.0.0.1:${c.port}`);
	await waitFor(
		() =>
			rowAt(a, b.port)?.state === 'online' &&
			rowAt(b, a.port)?.state === 'online',
		{timeoutMs: 10_000, what: 'the rows rechecked: native, online'},
	);
	await c.service.send('one line for all');
	await waitFor(
		() => [a, b].every((node) => count(node, 'one line for all') >= 1),
		{what: 'the line at a and b'},
	);
	await flushed([a, b, c]);
	for (const node of [a, b]) {
		const lines = withoutMarkers(chatLines(node.service));
		assert.equal(count(node, 'one line for all'), 1, lines.join(' | '));
		assert.ok(lines.length <= 3, lines.join(' | '));
	}
});

async function startNodeAfter(port: number, nick: string): Promise<Node> {
	return startNode({
		...smallMesh,
		nick,
		bootstrap: [{host: '127.0.0.1', port}],
	});
}
