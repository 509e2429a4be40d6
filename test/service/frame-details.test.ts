import test from 'node:test';
import assert from 'node:assert/strict';
import {detailOf} from '../../source/service/frame-details.js';
import {infinity} from '../../source/protocol/sync-set.js';
import {asIp} from '../helpers/ip.js';

const key = new Uint8Array(32).fill(7);
const signature = new Uint8Array(64);

test('a line shows its text on one row, cut short, with nothing invisible', () => {
	const text = `two\nlines\u200B and ${'x'.repeat(60)}`;
	const detail = detailOf({
		type: 'chat',
		envelope: {author: key, nick: 'bob', timestamp: 1, seq: 1, text, signature},
	});
	assert.equal([...detail].length, 42);
	assert.ok(detail.startsWith('"two lines and xxx'));
	assert.ok(detail.endsWith('…"'));
});

test('announcements, acks and SYNC steps in words', () => {
	const announcement = {
		origin: key,
		version: 1,
		nick: 'bob',
		leaving: false,
		links: [{key, ip: asIp('127.0.0.1'), port: 7001}],
		legacy: [],
		signature,
	};
	assert.equal(detailOf({type: 'announce', announcement}), '1 link');
	assert.equal(
		detailOf({
			type: 'announce',
			announcement: {...announcement, links: [], leaving: true},
		}),
		'goodbye',
	);
	assert.equal(detailOf({type: 'ack', seqs: [1, 2, 3]}), '3 lines');
	assert.equal(
		detailOf({
			type: 'sync',
			message: {
				since: 0,
				ranges: [
					{
						upper: infinity,
						mode: 'fingerprint',
						fingerprint: {sum: '0'.repeat(32), count: 12},
					},
				],
				want: [],
			},
		}),
		'1 fingerprint of 12 lines',
	);
	assert.equal(
		detailOf({
			type: 'sync',
			message: {
				since: 0,
				ranges: [
					{upper: {time: 5, prefix: ''}, mode: 'skip'},
					{upper: {time: 9, prefix: ''}, mode: 'ids', ids: ['a', 'b']},
					{upper: infinity, mode: 'offer', ids: ['c']},
				],
				want: [],
			},
		}),
		'2 ids listed, 1 id offered',
	);
	assert.equal(
		detailOf({type: 'sync', message: {since: 0, ranges: [], want: ['a', 'b']}}),
		'asks for 2 lines',
	);
	assert.equal(
		detailOf({
			type: 'sync',
			message: {since: 0, ranges: [{upper: infinity, mode: 'skip'}], want: []},
		}),
		'all in step',
	);
});
