import test from 'node:test';
import assert from 'node:assert/strict';
import {
	foldedLine,
	isLongGone,
	leftFoldMs,
	lostFoldMs,
	sidebarRows,
} from '../../source/view/sidebar-rows.js';
import {
	makeAddress,
	makeHost,
	makeNativeHost,
	makeOfflinePeer,
} from '../helpers/fake-service.js';

const now = Date.now();
const ago = (ms: number) => now - ms;

test('online first, then connecting, then the rest by when they were last seen', () => {
	const hosts = [
		makeOfflinePeer('10.0.0.1:1', 'older', {lastSeen: ago(60_000)}),
		makeAddress('10.0.0.2:2'),
		makeOfflinePeer('10.0.0.3:3', 'newer', {lastSeen: ago(5000)}),
		makeNativeHost('10.0.0.4:4', 'bob'),
		makeHost('10.0.0.5:5', {status: 'reachable'}),
		makeNativeHost('10.0.0.6:6', 'carol'),
	];
	const {shown, more, gone} = sidebarRows(hosts, {
		rows: 100,
		now,
		network: 'open',
	});
	assert.deepEqual(
		shown.map((host) => host.id),
		[hosts[3], hosts[4], hosts[5], hosts[1], hosts[2], hosts[0]].map(
			(host) => host?.id,
		),
	);
	assert.equal(more, 0);
	assert.equal(gone, 0);
	assert.equal(foldedLine({shown, more, gone}), undefined);
});

test('peers gone a while fold into one line: a minute after a goodbye, ten without', () => {
	const left = (ms: number) =>
		makeOfflinePeer('10.0.0.1:1', 'left', {left: true, lastSeen: ago(ms)});
	const lost = (ms: number) =>
		makeOfflinePeer('10.0.0.2:2', 'lost', {lastSeen: ago(ms)});
	assert.ok(!isLongGone(left(leftFoldMs - 1000), now));
	assert.ok(isLongGone(left(leftFoldMs), now));
	assert.ok(!isLongGone(lost(lostFoldMs - 1000), now));
	assert.ok(isLongGone(lost(lostFoldMs), now));
	assert.ok(
		isLongGone(makeOfflinePeer('10.0.0.3:3', 'x', {lastSeen: undefined}), now),
	);
	assert.ok(
		!isLongGone(makeAddress('10.0.0.4:4', {status: 'unreachable'}), now),
	);

	const hosts = [
		makeNativeHost('10.0.0.9:9', 'bob'),
		...Array.from({length: 8}, (_, index) =>
			makeOfflinePeer(`10.0.1.${index}:1`, `gone${index}`, {
				left: true,
				keySeed: `gone${index}`,
				lastSeen: ago(3_600_000),
			}),
		),
	];
	const rows = sidebarRows(hosts, {rows: 20, now, network: 'open'});
	assert.deepEqual(
		rows.shown.map((host) => host.kind === 'peer' && host.nick),
		['bob'],
	);
	assert.equal(rows.gone, 8);
	assert.equal(foldedLine(rows), '8 gone a while (/peers)');
});

test('what does not fit is counted on the last row, with what is folded', () => {
	const hosts = [
		...Array.from({length: 5}, (_, index) =>
			makeNativeHost(`10.0.0.${index}:1`, `peer${index}`),
		),
		makeOfflinePeer('10.0.1.1:1', 'gone', {lastSeen: ago(lostFoldMs * 2)}),
	];
	// Three rows a peer: three fit in ten, with a row to spare for the count.
	const rows = sidebarRows(hosts, {rows: 10, now, network: 'open'});
	assert.equal(rows.shown.length, 3);
	assert.equal(foldedLine(rows), '+2 more, 1 gone a while (/peers)');
	assert.equal(
		sidebarRows(hosts.slice(0, 3), {rows: 9, now, network: 'open'}).shown
			.length,
		3,
		'exactly full: no count row needed',
	);
});
