/**
 * The history on disk: lines in display order across a restart, one id
 * stored once, the nick, the peers met (with theirs, checked when read
 * back); one node per profile (a lock a killed node
 * leaves is no lock); a damaged or newer database
 * refused and left untouched; a reader beside the running node.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'node:test';
import Database from 'better-sqlite3';
import {
	HistoryStore,
	historyFile,
	type StoredLine,
} from '../../source/node/store/history-store.js';
import {openHistory} from '../../source/node/store/open-history.js';
import {migrations} from '../../source/node/store/history-schema.js';
import {History} from '../../source/service/history.js';
import {lockProfile} from '../../source/node/store/profile-lock.js';
import {StoreError} from '../../source/node/store/store-error.js';

function folder(): string {
	return mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-history-'));
}

function line(
	id: string,
	authorTime: number,
	overrides: Partial<StoredLine> = {},
): StoredLine {
	return {
		id,
		kind: 'native',
		author: 'ab'.repeat(32),
		nick: 'bob',
		authorTime,
		seq: authorTime,
		text: `line ${id}`,
		frame: new Uint8Array([1, 2, 3]),
		source: undefined,
		receivedAt: authorTime + 5,
		...overrides,
	};
}

test('lines come back in display order after a restart, each id once, with the nick', () => {
	const directory = folder();
	const store = HistoryStore.open(directory);
	assert.equal(
		store.addAll([line('b', 2000), line('a', 1000), line('c', 3000)]),
		3,
	);
	assert.equal(store.addAll([line('a', 1000), line('d', 1500)]), 1);
	store.setNick('alice');
	store.close();

	const again = HistoryStore.open(directory);
	assert.deepEqual(
		again.latest(10).map((item) => item.id),
		['a', 'd', 'b', 'c'],
	);
	assert.deepEqual(
		again.latest(2).map((item) => item.id),
		['b', 'c'],
	);
	const [first] = again.latest(10);
	assert.deepEqual(first, line('a', 1000));
	assert.equal(again.nick(), 'alice');
	assert.deepEqual(again.summary(), {count: 4, since: 1000});
	assert.deepEqual(
		again.search('line d', 10).map((item) => item.id),
		['d'],
	);
	again.close();
});

test('one node per profile: a second lock is refused with a clear error, and may be taken once the first is released', () => {
	const directory = folder();
	const lock = lockProfile(directory);
	assert.throws(
		() => lockProfile(directory),
		(error) =>
			error instanceof StoreError &&
			error.message.includes(
				'Another p2p-chat node is running with the profile in',
			),
	);
	lock.release();
	lockProfile(directory).release();
});

test('a node killed with SIGKILL leaves no lock behind, and what it committed is there', async () => {
	const directory = folder();
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'--input-type=module',
			'-e',
			String.raw`import {HistoryStore} from ${JSON.stringify(path.resolve('source/node/store/history-store.ts'))};
			import {lockProfile} from ${JSON.stringify(path.resolve('source/node/store/profile-lock.ts'))};
			lockProfile(${JSON.stringify(directory)});
			const store = HistoryStore.open(${JSON.stringify(directory)});
			store.addAll([{id: 'x', kind: 'own', author: undefined, nick: 'me', authorTime: 1, seq: 1, text: 'kept', frame: undefined, source: undefined, receivedAt: 1}]);
			process.stdout.write('ready\n');
			setInterval(() => {}, 1000);`,
		],
		{stdio: ['ignore', 'pipe', 'inherit']},
	);
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error('the child never opened the store'));
		}, 10_000);
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			if (chunk.includes('ready')) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	assert.throws(() => lockProfile(directory), StoreError);
	const exited = new Promise((resolve) => {
		child.once('exit', resolve);
	});
	child.kill('SIGKILL');
	await exited;
	lockProfile(directory).release();
	const store = HistoryStore.open(directory);
	assert.deepEqual(
		store.latest(5).map((item) => item.text),
		['kept'],
	);
	store.close();
});

test('a damaged database, or one from a newer p2p-chat, is refused and left as it was', () => {
	const damaged = folder();
	const file = path.join(damaged, historyFile);
	writeFileSync(file, 'this is not a database'.repeat(300));
	const before = readFileSync(file);
	assert.throws(
		() => HistoryStore.open(damaged),
		(error) =>
			error instanceof StoreError &&
			/is damaged or is not a p2p-chat history .*Nothing was changed/v.test(
				error.message,
			),
	);
	assert.deepEqual(readFileSync(file), before);
	assert.throws(() => HistoryStore.open(damaged), /is damaged/v);

	const newer = folder();
	HistoryStore.open(newer).close();
	const database = new Database(path.join(newer, historyFile));
	database.pragma('user_version = 99');
	database.close();
	assert.throws(
		() => HistoryStore.open(newer),
		(error) =>
			error instanceof StoreError &&
			error.message.includes('written by a newer p2p-chat (history version 99'),
	);
});

test('a reader opens the history beside the running node and sees what it committed', () => {
	const directory = folder();
	const store = HistoryStore.open(directory);
	store.addAll([line('a', 1000)]);
	const reader = HistoryStore.open(directory, {readOnly: true});
	assert.deepEqual(
		reader.latest(5).map((item) => item.id),
		['a'],
	);
	store.addAll([line('b', 2000)]);
	assert.deepEqual(
		reader.latest(5).map((item) => item.id),
		['a', 'b'],
	);
	reader.close();
	store.close();
	assert.throws(
		() => HistoryStore.open(folder(), {readOnly: true}),
		/No history in/v,
	);
});

test('a history from an early version 1 (with tables it never wrote) is brought up to date', () => {
	const directory = folder();
	const database = new Database(path.join(directory, historyFile));
	database.exec(`
		CREATE TABLE messages (seqno INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
			kind TEXT NOT NULL, author TEXT, nick TEXT NOT NULL, author_time INTEGER NOT NULL,
			seq INTEGER, text TEXT NOT NULL, frame BLOB, source TEXT,
			received_at INTEGER NOT NULL, channel TEXT NOT NULL DEFAULT '');
		CREATE VIRTUAL TABLE messages_text USING fts5 (text, content = 'messages', content_rowid = 'seqno');
		CREATE TABLE peers (key TEXT PRIMARY KEY, nick TEXT NOT NULL, addresses TEXT NOT NULL, last_seen INTEGER NOT NULL);
		CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
		CREATE TABLE replay_floors (author TEXT PRIMARY KEY, seq INTEGER NOT NULL);
	`);
	database.pragma('user_version = 1');
	database.close();
	const store = HistoryStore.open(directory);
	store.savePeers([
		{
			key: 'ab'.repeat(32),
			ip: '127.0.0.1',
			port: 7001,
			lastSeen: 5,
			nick: undefined,
		},
	]);
	assert.deepEqual(store.peers(5), [
		{
			key: 'ab'.repeat(32),
			ip: '127.0.0.1',
			port: 7001,
			lastSeen: 5,
			nick: undefined,
		},
	]);
	store.close();
});

test('a history from version 3 (peers without nicks) is brought up to date; the nick a peer went by is kept with it', () => {
	const directory = folder();
	const bob = 'ab'.repeat(32);
	const carol = 'cd'.repeat(32);
	const old = new Database(path.join(directory, historyFile));
	for (const migration of migrations.slice(0, 3)) old.exec(migration);
	old.pragma('user_version = 3');
	old
		.prepare('INSERT INTO peers (key, ip, port, last_seen) VALUES (?, ?, ?, ?)')
		.run(bob, '127.0.0.1', 7001, 5);
	old.close();

	// A reader beside a node (p2p-chat history) reads it as it is.
	const reader = HistoryStore.open(directory, {readOnly: true});
	assert.equal(reader.summary().count, 0);
	reader.close();

	let store = HistoryStore.open(directory);
	assert.deepEqual(
		store.peers(5),
		[{key: bob, ip: '127.0.0.1', port: 7001, lastSeen: 5, nick: undefined}],
		'a peer stored before nicks were: none known',
	);
	store.savePeers([
		{key: bob, ip: '127.0.0.1', port: 7001, lastSeen: 6, nick: 'bob'},
		{key: carol, ip: '127.0.0.1', port: 7002, lastSeen: 4, nick: 'carol'},
	]);
	// Heard of again with no nick known: the stored one stays.
	store.savePeers([
		{key: carol, ip: '127.0.0.1', port: 7003, lastSeen: 7, nick: undefined},
	]);
	store.close();

	store = HistoryStore.open(directory);
	assert.deepEqual(store.peers(5), [
		{key: carol, ip: '127.0.0.1', port: 7003, lastSeen: 7, nick: 'carol'},
		{key: bob, ip: '127.0.0.1', port: 7001, lastSeen: 6, nick: 'bob'},
	]);
	store.close();
});

test('the nicks of the peers met are checked as they are read back: a damaged one is left out, the peer kept', () => {
	const store = HistoryStore.open(folder());
	const keys = ['ab', 'cd', 'ef'].map((pair) => pair.repeat(32));
	store.savePeers(
		['bob', 'evil\u001B[2Jnick', 'bob·c78f5f2c'].map((nick, index) => ({
			key: keys[index]!,
			ip: '127.0.0.1',
			port: 7001 + index,
			lastSeen: 10 - index,
			nick,
		})),
	);
	const history = new History(store, () => {
		// No write fails here.
	});
	assert.deepEqual(
		history.peers().map((peer) => [peer.key, peer.nick]),
		[
			[keys[0], 'bob'],
			[keys[1], undefined],
			[keys[2], undefined],
		],
	);
	history.close();
});

test('pages before and after a line follow the display order, ties and plain lines included', () => {
	const store = HistoryStore.open(folder());
	const carol = 'cd'.repeat(32);
	store.addAll([
		line('c', 3000),
		line('a', 1000),
		// The same millisecond: by author key, then by sequence.
		line('b2', 2000, {author: carol, seq: 1}),
		line('b1', 2000, {seq: 7}),
		line('b0', 2000, {seq: 6}),
		// A plain line has no author: it comes first in its millisecond.
		line('p', 2000, {kind: 'legacy', author: undefined, seq: undefined}),
		line('d', 4000),
	]);
	const order = ['a', 'p', 'b0', 'b1', 'b2', 'c', 'd'];
	assert.deepEqual(
		store.latest(10).map((item) => item.id),
		order,
	);
	const keyOfLine = (id: string) => {
		const found = store.line(id)!;
		return {
			time: found.authorTime,
			author: found.author ?? '',
			seq: found.seq ?? -1,
			id: found.id,
		};
	};

	for (const [index, id] of order.entries()) {
		assert.deepEqual(
			store.before(keyOfLine(id), 10).map((item) => item.id),
			order.slice(0, index),
			`before ${id}`,
		);
		assert.deepEqual(
			store.after(keyOfLine(id), 10).map((item) => item.id),
			order.slice(index + 1),
			`after ${id}`,
		);
	}

	assert.deepEqual(
		store.before(keyOfLine('c'), 2).map((item) => item.id),
		['b1', 'b2'],
		'the nearest, oldest first',
	);
	assert.equal(store.line('nothing'), undefined);
	store.close();
});

test('a search is one phrase: quotes, operators and NULs typed by a user are text, never an error', () => {
	const store = HistoryStore.open(folder());
	store.addAll([
		line('a', 1000, {text: 'say "AND(" twice'}),
		line('b', 2000, {text: 'nothing here'}),
	]);
	for (const query of [
		'"',
		'AND(',
		'*',
		'NEAR(a b)',
		'^x',
		'\0',
		'a\0b',
		'-',
	]) {
		assert.doesNotThrow(() => store.search(query, 10), JSON.stringify(query));
	}

	assert.deepEqual(
		store.search('"AND("', 10).map((item) => item.id),
		['a'],
	);
	store.close();
});

test('typed lines are kept for Up/Down across a reopen, the newest ones only', () => {
	const directory = folder();
	let store = HistoryStore.open(directory);
	assert.deepEqual(store.typedLines(10), []);
	for (let index = 1; index <= 12; index++)
		store.keepTyped(`line ${index}`, 10);
	store.close();
	store = HistoryStore.open(directory);
	const lines = store.typedLines(100);
	assert.equal(lines.length, 10);
	assert.equal(lines[0], 'line 3');
	assert.equal(lines.at(-1), 'line 12');
	assert.deepEqual(store.typedLines(2), ['line 11', 'line 12']);
	store.close();
	// A history from version 2 (no typed lines yet, no peers' nicks) is
	// brought up to date.
	const old = new Database(path.join(directory, historyFile));
	old.exec('DROP TABLE typed_lines; ALTER TABLE peers DROP COLUMN nick');
	old.pragma('user_version = 2');
	old.close();
	store = HistoryStore.open(directory);
	store.keepTyped('after the upgrade', 10);
	assert.deepEqual(store.typedLines(10), ['after the upgrade']);
	store.close();
});

test('the history keeps at most 2 MiB of pages in memory, for a node and for a reader beside it', () => {
	const directory = folder();
	// Better-sqlite3's build would give each connection 16 MB (-16000).
	for (const readOnly of [false, true]) {
		const database = openHistory(directory, readOnly);
		try {
			// Negative: KiB.
			assert.equal(database.pragma('cache_size', {simple: true}), -2048);
		} finally {
			database.close();
		}
	}
});

test('the catch-up set is the newest signed lines of both channels, sealed ones included, and the replay floors count sealed lines too', () => {
	const directory = folder();
	const store = HistoryStore.open(directory);
	const carol = 'cd'.repeat(32);
	store.addAll([
		line('a', 1000),
		line('b', 2000),
		line('s1', 2500, {author: carol, seq: 7, sealed: true}),
		line('c', 3000),
		line('plain', 3500, {kind: 'legacy', author: undefined, frame: undefined}),
		line('s2', 4000, {author: carol, seq: 9, sealed: true}),
		line('d', 5000),
	]);
	assert.deepEqual(
		store.signedSince(0, 4).map((item) => item.id),
		['d', 's2', 'c', 's1'],
		'newest first across both channels, cut at the limit',
	);
	assert.deepEqual(
		store.signedSince(2200, 10).map((item) => [item.id, item.time]),
		[
			['d', 5000],
			['s2', 4000],
			['c', 3000],
			['s1', 2500],
		],
	);
	assert.deepEqual(
		new Map(store.newestSequences(2200)),
		new Map([
			['ab'.repeat(32), 5000],
			[carol, 9],
		]),
	);
	assert.deepEqual(store.newestSequences(6000), []);
	store.close();
});
