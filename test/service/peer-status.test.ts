import test from 'node:test';
import assert from 'node:assert/strict';
import {
	countOnline,
	isOnline,
	isRefused,
} from '../../source/service/peer-status.js';
import {makeHost, makeNativeHost} from '../helpers/fake-service.js';

const reachableLegacy = makeHost('127.0.0.1:7002', {status: 'reachable'});
const silentLegacy = makeHost('127.0.0.1:7003', {status: 'unreachable'});
const linked = makeNativeHost('127.0.0.1:7004', 'bob');
const gone = makeNativeHost('127.0.0.1:7005', 'carol', {state: 'offline'});

test('a legacy host is refused on a secret network only', () => {
	assert.equal(isRefused(reachableLegacy, 'secret'), true);
	assert.equal(isRefused(reachableLegacy, 'open'), false);
	assert.equal(isRefused(linked, 'secret'), false);
});

test('online: a native link is up, or a legacy host answered and is not refused', () => {
	assert.equal(isOnline(linked, 'secret'), true);
	assert.equal(isOnline(gone, 'open'), false);
	assert.equal(isOnline(reachableLegacy, 'open'), true);
	assert.equal(isOnline(reachableLegacy, 'secret'), false);
	assert.equal(isOnline(silentLegacy, 'open'), false);
	const hosts = [reachableLegacy, silentLegacy, linked, gone];
	assert.equal(countOnline(hosts, 'open'), 2);
	assert.equal(countOnline(hosts, 'secret'), 1);
});
