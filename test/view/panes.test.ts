import test from 'node:test';
import assert from 'node:assert/strict';
import {
	closedPanes,
	inspectPanes,
	mapPanes,
	paneHeights,
} from '../../source/view/panes.js';
import {matchesFilter} from '../../source/view/frame-filter.js';
import {makeFrame} from '../helpers/fake-inspector.js';

test('/inspect toggles, takes a filter, and closes with off; /map toggles', () => {
	const open = inspectPanes(closedPanes, '');
	assert.equal(open.inspect, '');
	assert.equal(inspectPanes(open, '').inspect, undefined, 'again: closed');
	const filtered = inspectPanes(open, '  Bob   chat ');
	assert.equal(filtered.inspect, 'Bob chat');
	assert.equal(
		inspectPanes(filtered, 'bob').inspect,
		'bob',
		'a new filter, still open',
	);
	assert.equal(inspectPanes(filtered, 'OFF').inspect, undefined);
	assert.equal(inspectPanes(closedPanes, 'off').inspect, undefined);
	const map = mapPanes(closedPanes, '');
	assert.deepEqual(map, {inspect: undefined, map: true});
	assert.equal(mapPanes(map, '').map, false);
	assert.equal(mapPanes(map, 'off').map, false);
	assert.equal(mapPanes(closedPanes, 'off').map, false);
	assert.equal(
		mapPanes(filtered, '').inspect,
		'Bob chat',
		'one pane leaves the other',
	);
});

test('the panes share the rows with the chat, which keeps at least two', () => {
	assert.deepEqual(paneHeights(30, closedPanes), {
		chat: 30,
		inspector: 0,
		map: 0,
	});
	assert.deepEqual(paneHeights(30, {inspect: '', map: false}), {
		chat: 15,
		inspector: 15,
		map: 0,
	});
	assert.deepEqual(paneHeights(30, {inspect: undefined, map: true}), {
		chat: 15,
		inspector: 0,
		map: 15,
	});
	assert.deepEqual(paneHeights(30, {inspect: '', map: true}), {
		chat: 10,
		inspector: 12,
		map: 8,
	});
	for (let rows = 1; rows <= 40; rows++) {
		for (const panes of [
			{inspect: '', map: false},
			{inspect: '', map: true},
		]) {
			const {chat, inspector, map} = paneHeights(rows, panes);
			assert.equal(chat + inspector + map, rows);
			assert.ok(chat >= Math.min(2, rows) && inspector >= 0 && map >= 0);
		}
	}
});

test('a filter word names a direction, type or verdict, or is part of a link or origin label', () => {
	const row = makeFrame({
		direction: 'in',
		link: 'bob·1a2b3c4d',
		type: 'CHAT',
		origin: 'dave·99aa88bb',
		verdict: 'duplicate',
		detail: '"about ack"',
	});
	for (const filter of [
		'',
		'in',
		'CHAT',
		'duplicate',
		'bob',
		'1A2B',
		'dave',
		'in chat bob',
		'DAVE·99',
	]) {
		assert.ok(matchesFilter(row, filter), filter);
	}

	for (const filter of [
		'out',
		'ack',
		'new',
		'carol',
		'about',
		'in ack',
		'chat carol',
		'dup',
	]) {
		assert.ok(!matchesFilter(row, filter), filter);
	}
});
