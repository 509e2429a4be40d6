/**
 * What the reader has read: lines that come while the reader is there are
 * read; while away, scrolled back or quiet for a minute they are unread,
 * and the first of them moves the read marker above itself; mentions are
 * counted and the newest remembered for the bell.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import type {DisplayKey} from '../../source/protocol/display-order.js';
import {
	Attention,
	idleAfterMs,
	type LoggedEntry,
} from '../../source/service/attention.js';
import type {ChatEntry} from '../../source/service/types.js';

let clock = 1_000_000;
let nextId = 1;

function setup(nick = 'alice') {
	clock = 1_000_000;
	nextId = 1;
	return new Attention({now: () => clock, nick: () => nick});
}

function key(seq: number, author = 'bb'): DisplayKey {
	return {time: 1000 + seq, author, seq, id: `${author}${seq}`};
}

/** A line from bob (`seq` places it), or one of ours. */
function line(seq: number, text = `line ${seq}`, own = false): LoggedEntry {
	const entry: ChatEntry = own
		? {
				kind: 'own',
				nick: 'alice',
				fingerprint: 'aaaaaaaa',
				text,
				id: nextId++,
				time: 0,
			}
		: {
				kind: 'chat',
				source: {type: 'native', nick: 'bob', fingerprint: 'bbbbbbbb'},
				text,
				id: nextId++,
				time: 0,
			};
	return {entry, key: key(seq, own ? 'aa' : 'bb')};
}

test('nothing is unread while the reader is there; a minute of quiet and it is', () => {
	const attention = setup();
	attention.markRead(undefined);
	attention.logged(line(1));
	assert.equal(attention.view(undefined).unread, 0);
	assert.equal(attention.markerPlace(), undefined, 'no marker while reading');
	clock += idleAfterMs;
	attention.logged(line(2));
	attention.logged(line(3));
	assert.equal(attention.view(undefined).unread, 2);
	assert.deepEqual(
		attention.markerPlace(),
		{key: key(1)},
		'above the first line that came while away: after the last one read',
	);
});

test('marking read clears the counts and keeps the marker until news comes after the next absence', () => {
	const attention = setup();
	attention.logged(line(1, 'hello alice'));
	assert.deepEqual(attention.view(undefined), {
		unread: 1,
		mentions: 1,
		lastMention: 1,
		marker: undefined,
		away: undefined,
	});
	assert.deepEqual(
		attention.markerPlace(),
		{key: {...key(1), id: ''}},
		'nothing read before: right above the line',
	);
	attention.markRead(key(1));
	assert.equal(attention.view(undefined).unread, 0);
	assert.equal(attention.view(undefined).mentions, 0);
	assert.equal(
		attention.view(undefined).lastMention,
		1,
		'still the newest mention',
	);
	const place = attention.markerPlace();
	attention.logged(line(2));
	assert.equal(attention.markerPlace(), place, 'read at once: it stays');
	clock += idleAfterMs + 1;
	attention.logged(line(3));
	assert.deepEqual(attention.markerPlace(), {key: key(2)}, 'moved');
});

test('scrolled back or away, lines are unread even just after typing', () => {
	const attention = setup();
	attention.markRead(undefined);
	attention.setFollowing(false, undefined);
	attention.logged(line(1));
	assert.equal(attention.view(undefined).unread, 1);
	attention.setFollowing(true, key(1));
	assert.equal(attention.view(undefined).unread, 0, 'back at the newest: read');
	attention.setAway('lunch');
	attention.logged(line(2, 'ALICE?'));
	assert.equal(attention.view(undefined).unread, 1);
	assert.equal(attention.view(undefined).mentions, 1);
	assert.equal(attention.view(undefined).away, 'lunch');
	assert.deepEqual(attention.markerPlace(), {key: key(1)});
});

test('our own line reads what is above it, unless news waits', () => {
	const attention = setup();
	attention.logged(line(1, 'hi', true));
	assert.deepEqual(attention.takeReadKey(), key(1, 'aa'));
	attention.logged(line(2));
	attention.logged(line(3, 'me again', true));
	assert.equal(attention.takeReadKey(), undefined, 'bob waits unread');
	assert.equal(attention.view(undefined).unread, 1);
});

test('after a restart the lines after where reading stopped are unread, under the marker', () => {
	const attention = setup();
	const restored = [line(1), line(2, 'alice: look'), line(3)];
	attention.restore(restored, key(1));
	assert.equal(attention.view(undefined).unread, 2);
	assert.equal(attention.view(undefined).mentions, 1);
	assert.equal(
		attention.view(undefined).lastMention,
		undefined,
		'restored mentions ring no bell',
	);
	assert.deepEqual(attention.markerPlace(), {key: key(1)});
	assert.equal(attention.takeReadKey(), undefined, 'nothing new to keep');

	const fresh = setup();
	fresh.restore(restored, undefined);
	assert.equal(fresh.view(undefined).unread, 0, 'nothing kept: all read');
	assert.equal(fresh.markerPlace(), undefined);
	fresh.markRead(key(3));
	assert.equal(fresh.takeReadKey(), undefined, 'already read up to there');
	fresh.markRead(key(4));
	assert.deepEqual(fresh.takeReadKey(), key(4));
	assert.equal(fresh.takeReadKey(), undefined, 'once per change');
});

test('the view is one object until something changes', () => {
	const attention = setup();
	const view = attention.view(undefined);
	assert.equal(attention.view(undefined), view);
	assert.notEqual(attention.view(7), view, 'the marker moved');
	attention.logged(line(1));
	assert.notEqual(attention.view(7), view);
});
