import test from 'node:test';
import assert from 'node:assert/strict';
import {nextClockChange, secondsStepMs} from '../../source/view/next-change.js';
import {leftFoldMs, lostFoldMs} from '../../source/view/sidebar-rows.js';
import {makeNativeHost, makeOfflinePeer} from '../helpers/fake-service.js';

const now = 1_000_000_000;

test('nothing on screen depends on the clock: no next change', () => {
	assert.equal(nextClockChange([], now), undefined);
	assert.equal(
		nextClockChange([makeNativeHost('10.0.0.1:1', 'online')], now),
		undefined,
	);
	// Never reached: the label does not move.
	assert.equal(
		nextClockChange(
			[makeOfflinePeer('10.0.0.2:2', 'never', {lastSeen: undefined})],
			now,
		),
		undefined,
	);
});

test('ages in seconds step every few seconds; older ones at their next minute or hour', () => {
	const recent = makeOfflinePeer('10.0.0.1:1', 'a', {lastSeen: now - 12_000});
	assert.equal(nextClockChange([recent], now), now + secondsStepMs);
	// 3m 10s ago: "3m ago" until 4 minutes (before its fold at 10 minutes).
	const minutes = makeOfflinePeer('10.0.0.2:2', 'b', {
		lastSeen: now - 190_000,
	});
	assert.equal(nextClockChange([minutes], now), now - 190_000 + 240_000);
	// Long folded, two hours and a bit: "2h ago" until 3 hours.
	const hours = makeOfflinePeer('10.0.0.3:3', 'c', {
		lastSeen: now - 2 * 3_600_000 - 5000,
	});
	assert.equal(
		nextClockChange([hours], now),
		now - 2 * 3_600_000 - 5000 + 3 * 3_600_000,
	);
	// The soonest of all wins.
	assert.equal(nextClockChange([hours, minutes], now), now + 50_000);
});

test('a peer about to be folded away changes the screen then', () => {
	const lost = makeOfflinePeer('10.0.0.2:2', 'b', {
		lastSeen: now - lostFoldMs + 30_000,
	});
	assert.equal(nextClockChange([lost], now), now + 30_000);
	const left = makeOfflinePeer('10.0.0.1:1', 'a', {
		lastSeen: now - leftFoldMs + 1000,
		left: true,
	});
	assert.equal(nextClockChange([left], now), now + 1000);
});
