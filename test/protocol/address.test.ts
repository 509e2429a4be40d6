import test from 'node:test';
import assert from 'node:assert/strict';
import {
	formatHostPort,
	isAddressError,
	normalizeIp,
	parseHostPort,
	parsePort,
} from '../../source/protocol/address.js';

test('parses IPv4, bracketed IPv6 and host names', () => {
	assert.deepEqual(parseHostPort('127.0.0.1:7001'), {
		host: '127.0.0.1',
		port: 7001,
	});
	assert.deepEqual(parseHostPort('[::1]:7001'), {host: '::1', port: 7001});
	assert.deepEqual(parseHostPort('localhost:80'), {
		host: 'localhost',
		port: 80,
	});
});

test('rejects a missing port, a bare IPv6, port 0 and ports out of range', () => {
	for (const input of [
		'1.2.3.4',
		'::1:7001',
		'1.2.3.4:0',
		'1.2.3.4:70000',
		'1.2.3.4:abc',
		':7001',
		'[::1]:',
		'',
	]) {
		assert.ok(isAddressError(parseHostPort(input)), input);
	}
});

test('parsePort accepts 0..65535 only', () => {
	assert.equal(parsePort('0'), 0);
	assert.equal(parsePort('65535'), 65_535);
	assert.equal(parsePort('65536'), undefined);
	assert.equal(parsePort('abc'), undefined);
	assert.equal(parsePort('-1'), undefined);
	assert.equal(parsePort('1e3'), undefined);
});

test('IPv6 is bracketed when formatted; IPv4-mapped addresses are unwrapped', () => {
	assert.equal(formatHostPort('::1', 7001), '[::1]:7001');
	assert.equal(formatHostPort('10.0.0.1', 7001), '10.0.0.1:7001');
	assert.equal(normalizeIp('::ffff:127.0.0.1'), '127.0.0.1');
	assert.equal(normalizeIp('FE80::1'), 'fe80::1');
});
