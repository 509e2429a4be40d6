import test from 'node:test';
import assert from 'node:assert/strict';
import {
	isCanonicalIp,
	formatHostPort,
	isAddressError,
	normalizeIp,
	parseHostPort,
	parsePort,
	type Ip,
} from '../../source/protocol/address.js';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
} from '../../source/protocol/native-frames.js';

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
	// One spelling per address, so typed and wire forms agree.
	assert.equal(normalizeIp('0:0:0:0:0:0:0:1'), '::1');
	assert.equal(normalizeIp('::ffff:7f00:1'), '127.0.0.1');
	assert.equal(normalizeIp('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
	assert.equal(normalizeIp('fe80::1%eth0'), 'fe80::1%eth0');
	for (const ip of [
		'0:0:0:0:0:0:0:1',
		'::ffff:7f00:1',
		'2001:DB8::1',
		'10.1.2.3',
	]) {
		assert.ok(isCanonicalIp(normalizeIp(ip)), ip);
	}
});

test('isCanonicalIp takes IP literals as normalizeIp writes them, nothing else', () => {
	for (const good of [
		'127.0.0.1',
		'10.0.0.255',
		'::1',
		'fe80::1',
		'2001:db8::8:800:200c:417a',
		'64:ff9b::102:304',
	]) {
		assert.ok(isCanonicalIp(good), good);
	}

	for (const bad of [
		'0:0:0:0:0:0:0:1',
		'::ffff:7f00:1',
		'',
		'256.1.1.1',
		'01.2.3.4',
		'1.2.3',
		'example.org',
		'FE80::1',
		'::ffff:1.2.3.4',
		'fe80::1%eth0',
		'1::2::3',
		':::',
		'\u001B]0;owned\u0007',
		'1.2.3.4 ',
	]) {
		assert.ok(!isCanonicalIp(bad), JSON.stringify(bad));
	}
});

test('a mesh frame naming an address that is not an IP literal is refused', () => {
	// A hostile encoder: it skips the type that keeps honest nodes from sending these.
	const announce = (ip: string) =>
		decodeFrame(
			encodeFrame({
				type: 'announce',
				announcement: {
					origin: new Uint8Array(32),
					version: 1,
					nick: 'x',
					leaving: false,
					// eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- the point of the test
					links: [{key: new Uint8Array(32).fill(1), ip: ip as Ip, port: 7001}],
					legacy: [],
					signature: new Uint8Array(64),
				},
			}),
		);
	assert.ok(!isFrameError(announce('127.0.0.1')));
	const refused = announce('\u001B]0;owned\u0007');
	assert.ok(isFrameError(refused));
	assert.match(refused.error, /not an IP literal/v);
});
