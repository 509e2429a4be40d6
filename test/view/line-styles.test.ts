import test from 'node:test';
import assert from 'node:assert/strict';
import {labelText, layoutEntry} from '../../source/view/entry-layout.js';
import {statusSegments} from '../../source/view/status-segments.js';
import type {
	ChatEntry,
	ChatSnapshot,
	LineStyle,
} from '../../source/service/types.js';
import {zeroCounters} from '../../source/service/options.js';
import {fakeIdentity, noAttention} from '../helpers/fake-service.js';

const alice = {nick: 'alice', fingerprint: '1a2b3c4d'};
const bob = {nick: 'bob', fingerprint: '5e6f7a8b'};
let id = 0;
const own = (text: string, style?: LineStyle): ChatEntry => ({
	kind: 'own',
	...alice,
	text,
	id: ++id,
	time: 0,
	...(style && {style}),
});
const chat = (text: string, style?: LineStyle): ChatEntry => ({
	kind: 'chat',
	source: {type: 'native', ...bob},
	text,
	id: ++id,
	time: 0,
	...(style && {style}),
});

/** The row as one string: label, then text. */
const row = (entry: ChatEntry, withFingerprint = false) => {
	const layout = layoutEntry(entry, 100, withFingerprint);
	return `${labelText(layout.label)} ${layout.rows.join(' / ')}`;
};

test('a private line names the key at the other end, on both screens', () => {
	const to = {type: 'private', direction: 'to', peer: bob} as const;
	const from = {type: 'private', direction: 'from', peer: alice} as const;
	assert.equal(row(own('psst', to)), '-> *bob·5e6f7a8b* (private) psst');
	assert.equal(row(chat('psst', from)), '*alice·1a2b3c4d* (private) psst');
	assert.equal(
		row(own('waves', {...to, action: true})),
		'* alice (private to bob·5e6f7a8b) waves',
	);
	assert.equal(
		row(chat('waves', {...from, action: true})),
		'* bob·1a2b3c4d (private) waves',
	);
});

test('an action reads "* nick text", a topic line says what it did', () => {
	assert.equal(row(chat('waves', {type: 'action'})), '* bob waves');
	assert.equal(
		row(chat('waves', {type: 'action'}), true),
		'* bob·5e6f7a8b waves',
	);
	assert.equal(
		row(own('release friday', {type: 'topic'})),
		'* alice set the topic: release friday',
	);
	assert.equal(row(chat('', {type: 'topic'})), '* bob cleared the topic');
	// A plain line is as it was.
	assert.equal(row(chat('hello')), '<bob> hello');
});

test("no action or chat line reads as the node's own notice, even without colour", () => {
	const notice: ChatEntry = {
		kind: 'notice',
		text: 'New host discovered: 10.0.0.9:1248 (eve·0badf00d, encrypted link)',
		id: ++id,
		time: 0,
	};
	// A peer called "New" acts out the rest of the notice.
	const mimic: ChatEntry = {
		kind: 'chat',
		source: {type: 'native', nick: 'New', fingerprint: '5e6f7a8b'},
		text: 'host discovered: 10.0.0.9:1248 (eve·0badf00d, encrypted link)',
		id: ++id,
		time: 0,
		style: {type: 'action'},
	};
	assert.equal(
		row(notice),
		'-!- New host discovered: 10.0.0.9:1248 (eve·0badf00d, encrypted link)',
	);
	assert.notEqual(row(mimic), row(notice));
	for (const entry of [
		mimic,
		chat('-!- New host'),
		own('x', {type: 'topic'}),
	]) {
		assert.ok(!row(entry).startsWith('-!-'), row(entry));
	}
});

test('the status line names the open query whatever the width, and the topic while it fits', () => {
	const snapshot: ChatSnapshot = {
		listening: {host: '127.0.0.1', port: 7001},
		nick: 'alice',
		identity: fakeIdentity('alice'),
		network: 'open',
		hosts: [],
		entries: [],
		paging: {paged: 0, gap: false, focus: undefined},
		counters: zeroCounters,
		topic: {text: 'release on friday', by: bob, time: 0},
		query: {...bob, publicKey: '5e6f7a8b'.repeat(8)},
		attention: noAttention,
	};
	const segments = statusSegments(snapshot);
	const texts = segments.map((segment) => segment.text);
	assert.ok(texts.includes('query bob·5e6f7a8b'), texts.join(' | '));
	assert.ok(texts.includes('topic: release on friday'), texts.join(' | '));
	assert.equal(
		segments.find((segment) => segment.key === 'query')?.priority,
		0,
	);
	const cleared = new Set(
		statusSegments({
			...snapshot,
			topic: {text: '', by: bob, time: 0},
			query: undefined,
		}).map((segment) => segment.key),
	);
	assert.ok(!cleared.has('topic') && !cleared.has('query'));
});
