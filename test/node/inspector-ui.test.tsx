/**
 * The protocol inspector and the mesh map in the real App, over real nodes
 * on a memory network (issue 12, item 6): open `/inspect`, type a line, and
 * watch it go out on both links and the acknowledgements come back; a line
 * from two hops away arrives through the relay; `/map` draws the links and
 * who is reached through whom; closing the panes stops the recording.
 */
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup, render} from 'ink-testing-library';
import App from '../../source/app.js';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';
import {keys, press} from '../ui/terminal-helpers.js';

afterEach(cleanup);

function online(service: ChatService): number {
	return service.getSnapshot().hosts.filter((host) => host.state === 'online')
		.length;
}

function show(service: ChatService) {
	const instance = render(
		<App
			service={service}
			size={{columns: 130, rows: 44}}
			onQuit={() => undefined}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const until = async (check: (frame: string) => boolean, what: string) =>
		waitFor(() => check(frame()), {what: `${what}; the screen:\n${frame()}`});
	const type = async (line: string) => {
		await until((f) => f.includes('›'), 'the input box');
		await press(instance.stdin, line);
		await until((f) => f.includes(line.slice(-8)), `"${line}" typed`);
		await press(instance.stdin, keys.enter);
	};

	return {frame, until, type};
}

/** The rows of the inspector that are frames of `type` going `direction`. */
function rows(frame: string, direction: 'in' | 'out', type: string): string[] {
	return frame
		.split('\n')
		.filter((row) =>
			new RegExp(
				String.raw`\d\d:\d\d:\d\d ${direction}\s+\S+\s+${type}\b`,
				'v',
			).test(row),
		);
}

test('a line typed with the inspector open goes out on both links and each link acks it', async (t) => {
	const transport = new MemoryNetwork().transport();
	const alice = await startNode({nick: 'alice', transport});
	const bootstrap = [{host: '127.0.0.1', port: alice.port}];
	const bob = await startNode({nick: 'bob', transport, bootstrap});
	const carol = await startNode({nick: 'carol', transport, bootstrap});
	t.after(async () =>
		Promise.all([alice, bob, carol].map(async ({service}) => service.stop())),
	);
	await waitFor(() => online(alice.service) === 2, {what: 'both links'});
	const {frame, until, type} = show(alice.service);
	await type('/inspect');
	await until((f) => f.includes('Frames: every frame'), 'the inspector');
	await waitFor(() => alice.service.frameTap.watching, {
		what: 'the tap watched',
	});

	await type('hello mesh');
	await until(
		(f) =>
			rows(f, 'out', 'CHAT').length === 2 && rows(f, 'in', 'ACK').length === 2,
		'the line out and both acks in',
	);
	const out = rows(frame(), 'out', 'CHAT');
	assert.deepEqual(
		out
			.map((row) => /out\s+(bob|carol)·/v.exec(row)?.[1] ?? '')
			.toSorted((a, b) => a.localeCompare(b)),
		['bob', 'carol'],
		'one copy on each link',
	);
	for (const row of out) {
		assert.match(row, /CHAT\s+\d+\s+0\s+sent\s+by you "hello mesh"/v);
	}

	const acks = rows(frame(), 'in', 'ACK');
	assert.deepEqual(
		acks
			.map((row) => /in\s+(bob|carol)·/v.exec(row)?.[1] ?? '')
			.toSorted((a, b) => a.localeCompare(b)),
		['bob', 'carol'],
	);
	for (const row of acks)
		assert.match(row, /ACK\s+\d+\s+1\s+accepted\s+1 line/v);
	// The acks come after the line they answer.
	const lines = frame().split('\n');
	assert.ok(
		Math.max(...out.map((row) => lines.indexOf(row))) <
			Math.min(...acks.map((row) => lines.indexOf(row))),
	);

	// The filter: what passed on bob's link, or was made by bob.
	await type('/inspect bob');
	await until((f) => f.includes('frames matching "bob"'), 'the filter');
	assert.equal(rows(frame(), 'out', 'CHAT').length, 1);
	assert.equal(rows(frame(), 'in', 'ACK').length, 1);
	for (const row of frame().split('\n')) {
		if (/\d\d:\d\d:\d\d (in|out)\s+carol·/v.test(row)) {
			assert.match(row, /by bob·/v, 'on carol’s link only what bob made');
		}
	}

	await type('/inspect off');
	await until((f) => !f.includes('Frames:'), 'the inspector closed');
	await waitFor(() => !alice.service.frameTap.watching, {what: 'the tap idle'});
});

test('/map and the inspector on a chain: the far peer is two hops away, through the relay', async (t) => {
	const transport = new MemoryNetwork().transport();
	// One active link each: alice - bob - carol stays a chain.
	const mesh = {activeLinks: 1};
	const alice = await startNode({nick: 'alice', transport, mesh});
	const bob = await startNode({
		nick: 'bob',
		transport,
		mesh,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	await waitFor(() => online(alice.service) === 1, {what: 'alice - bob'});
	const carol = await startNode({
		nick: 'carol',
		transport,
		mesh,
		bootstrap: [{host: '127.0.0.1', port: bob.port}],
	});
	// Carol leaves during the test: stopped once, whenever the test ends.
	const stopped: {carol?: Promise<void>} = {};
	t.after(async () =>
		Promise.all([
			alice.service.stop(),
			bob.service.stop(),
			stopped.carol ?? carol.service.stop(),
		]),
	);
	await waitFor(
		() =>
			alice.service
				.getSnapshot()
				.hosts.some(
					(host) =>
						host.kind === 'peer' &&
						host.nick === 'carol' &&
						host.reach.kind === 'relayed',
				),
		{what: 'carol two hops from alice'},
	);
	const {frame, until, type} = show(alice.service);
	await type('/map');
	await until((f) => f.includes('Mesh: 1 link, 2 reachable'), 'the map');
	const map = frame().split('\n');
	const at = (pattern: RegExp) => map.findIndex((row) => pattern.test(row));
	assert.ok(at(/alice·[\da-f]{8}\s+this node/v) >= 0, frame());
	assert.match(
		map[at(/└─ bob·/v)] ?? '',
		/└─ bob·[\da-f]{8}\s+link \(it dialed\), listens at 127\.0\.0\.1:\d+/v,
	);
	assert.match(
		map[at(/└─ carol·/v)] ?? '',
		/^\s+└─ carol·[\da-f]{8}\s+2 hops, via bob·[\da-f]{8}$/v,
	);
	assert.ok(at(/└─ bob·/v) < at(/└─ carol·/v), 'carol in bob’s branch');

	await type('/inspect carol');
	await until((f) => f.includes('frames matching "carol"'), 'the inspector');
	await waitFor(() => alice.service.frameTap.watching, {
		what: 'the tap watched',
	});
	await carol.service.send('hi from afar');
	await until((f) => rows(f, 'in', 'CHAT').length === 1, 'carol’s line');
	assert.match(
		rows(frame(), 'in', 'CHAT')[0] ?? '',
		/in\s+bob·[\da-f]{8}\s+CHAT\s+\d+\s+2\s+ok\s+new\s+by carol·[\da-f]{8} "hi from afar"/v,
	);

	// A peer that goes: the map follows.
	stopped.carol = carol.service.stop();
	await stopped.carol;
	await until((f) => f.includes('Mesh: 1 link, 1 reachable'), 'carol gone');

	await type('/map off');
	await type('/inspect off');
	await until((f) => !f.includes('Mesh:') && !f.includes('Frames:'), 'closed');
	await waitFor(() => !alice.service.frameTap.watching, {what: 'the tap idle'});
});
