/**
 * Where the reader stopped reading survives a restart: the lines stored
 * after it are unread again, the read marker above the first of them, and
 * a line mentioning our nick counted; once read, nothing is unread after
 * the next restart. Real store files, a node on a memory network.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {
	HistoryStore,
	type StoredLine,
} from '../../source/node/store/history-store.js';
import {keyOf} from '../../source/service/history.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const author = 'ab'.repeat(32);
const start = Date.now() - 3_600_000;
const stored = (seq: number, text: string): StoredLine => ({
	id: `line-${seq}`,
	kind: 'native',
	author,
	nick: 'bob',
	authorTime: start + seq * 1000,
	seq,
	text,
	frame: new Uint8Array([1]),
	source: undefined,
	receivedAt: start + seq * 1000,
});

test('the read marker and the unread lines come back after a restart, until read', async () => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-read-'));
	const lines = [
		stored(1, 'read before'),
		stored(2, 'alice, look'),
		stored(3, 'and this'),
	];
	const store = HistoryStore.open(folder);
	store.addAll(lines);
	store.setReadMark(JSON.stringify(keyOf(lines[0]!)));
	store.close();

	const run = async () =>
		startNode({nick: 'alice', transport, history: HistoryStore.open(folder)});
	let alice = await run();
	const {entries, attention} = alice.service.getSnapshot();
	assert.equal(attention.unread, 2);
	assert.equal(attention.mentions, 1);
	assert.equal(
		attention.lastMention,
		undefined,
		'a stored mention rings no bell',
	);
	const marked = entries.find((entry) => entry.id === attention.marker);
	assert.equal(
		marked?.text,
		'alice, look',
		'the marker above the first unread',
	);

	alice.service.markRead();
	assert.equal(alice.service.getSnapshot().attention.unread, 0);
	await alice.service.stop();

	alice = await run();
	assert.equal(alice.service.getSnapshot().attention.unread, 0);
	assert.equal(alice.service.getSnapshot().attention.marker, undefined);
	const bob = await startNode({
		nick: 'bob',
		transport,
		bootstrap: [{host: '127.0.0.1', port: alice.port}],
	});
	const has = (text: string) =>
		alice.service.getSnapshot().entries.some((entry) => entry.text === text);
	await waitFor(
		() =>
			alice.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{what: 'bob linked'},
	);
	await bob.service.send('news while away');
	await waitFor(() => has('news while away'), {what: "bob's line"});
	assert.equal(alice.service.getSnapshot().attention.unread, 1);
	assert.equal(
		alice.service.getSnapshot().attention.marker,
		undefined,
		'the marker of where this run began says it already',
	);
	alice.service.markRead();
	alice.service.setFollowing(false);
	await bob.service.send('more news');
	await waitFor(() => has('more news'), {what: "bob's second line"});
	const later = alice.service.getSnapshot();
	assert.equal(
		later.entries.find((entry) => entry.id === later.attention.marker)?.text,
		'more news',
		'scrolled back: the marker above the first line that came since',
	);
	await Promise.all([alice.service.stop(), bob.service.stop()]);
});
