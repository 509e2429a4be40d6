import test from 'node:test';
import assert from 'node:assert/strict';
import {HostTable} from '../../source/protocol/host-table.js';
import {backoffDelay} from '../../source/protocol/backoff.js';
import {asIp} from '../helpers/ip.js';
import {asKey} from '../helpers/key.js';

test('a host is learned once and keeps the order of learning', () => {
	const table = new HostTable();
	assert.equal(
		table.learn(asIp('127.0.0.1'), 7001, 'bootstrap', 0).added,
		true,
	);
	assert.equal(table.learn(asIp('127.0.0.1'), 7002, 'inbound', 1).added, true);
	assert.equal(table.learn(asIp('127.0.0.1'), 7001, 'inbound', 2).added, false);
	assert.deepEqual(
		table.list().map((host) => [host.id, host.origin, host.status]),
		[
			['127.0.0.1:7001', 'bootstrap', 'unknown'],
			['127.0.0.1:7002', 'inbound', 'unknown'],
		],
	);
});

test('failures back off exponentially; success resets', () => {
	const table = new HostTable({baseMs: 1000, maxMs: 8000});
	const {record} = table.learn(asIp('127.0.0.1'), 7001, 'connect', 0);
	table.failed(record.id, 0);
	assert.equal(table.get(record.id)!.status, 'unreachable');
	assert.equal(table.canAttempt(record.id, 999), false);
	assert.equal(table.canAttempt(record.id, 1000), true);
	table.failed(record.id, 1000);
	assert.equal(table.get(record.id)!.retryAt, 3000);
	table.succeeded(record.id, 3000, 'legacy');
	const host = table.get(record.id)!;
	assert.deepEqual(
		[host.status, host.failures, host.retryAt, host.lastSeen, host.dialect],
		['reachable', 0, undefined, 3000, 'legacy'],
	);
});

test('hearing from a host ends its backoff at once', () => {
	const table = new HostTable();
	const {record} = table.learn(asIp('127.0.0.1'), 7001, 'connect', 0);
	table.failed(record.id, 0);
	table.failed(record.id, 0);
	assert.equal(table.canAttempt(record.id, 10), false);
	table.heardFrom(record.id, 10);
	assert.equal(table.canAttempt(record.id, 10), true);
	assert.equal(table.get(record.id)!.lastSeen, 10);
	assert.equal(table.get(record.id)!.status, 'reachable');
});

test('records are replaced, not mutated, so snapshots stay valid', () => {
	const table = new HostTable();
	const {record} = table.learn(asIp('127.0.0.1'), 7001, 'connect', 0);
	table.succeeded(record.id, 5);
	assert.equal(record.status, 'unknown');
	assert.equal(table.get(record.id)!.status, 'reachable');
});

test('backoff is capped, and jitter stays within [half, full] of the step', () => {
	const policy = {baseMs: 1000, maxMs: 60_000};
	assert.deepEqual(
		[1, 2, 3, 4].map((n) => backoffDelay(n, policy)),
		[1000, 2000, 4000, 8000],
	);
	assert.equal(backoffDelay(50, policy), 60_000);
	assert.equal(backoffDelay(3, policy, 0), 2000);
	assert.equal(backoffDelay(3, policy, 0.999_999), 4000);
});

test('an address learns which key answers there, and a native answer ends its backoff', () => {
	const k1 = asKey('1'.repeat(64));
	const k2 = asKey('2'.repeat(64));
	const k3 = asKey('3'.repeat(64));
	const table = new HostTable();
	table.learn(asIp('10.0.0.1'), 1, 'bootstrap', 0);
	table.failed('10.0.0.1:1', 1, 0);
	assert.equal(table.canAttempt('10.0.0.1:1', 2), false);
	table.linked('10.0.0.1:1', k1, 3);
	const row = table.get('10.0.0.1:1');
	assert.equal(row?.publicKey, k1);
	assert.equal(row?.dialect, 'native');
	assert.equal(row?.status, 'reachable');
	assert.equal(row?.failures, 0);
	assert.equal(table.canAttempt('10.0.0.1:1', 3), true);
	// Another key answers there later (the first node moved away).
	table.linked('10.0.0.1:1', k2, 4);
	assert.equal(table.get('10.0.0.1:1')?.publicKey, k2);
	assert.equal(table.linked('10.0.0.9:9', k3, 5), undefined);
});
