/**
 * The rule behind hardening finding 1: whatever an honest node sends, an
 * honest decoder takes. Addresses are the part of a mesh frame a remote
 * party chooses (a socket's peer, a legacy header, a typed name), so this
 * feeds `parseIp` random and hostile text and checks that every `Ip` it
 * gives, put in an announcement and a bridged line, decodes again.
 */
import process from 'node:process';
import test from 'node:test';
import assert from 'node:assert/strict';
import {parseIp, shareableIp} from '../../source/protocol/address.js';
import {
	decodeFrame,
	encodeFrame,
	isFrameError,
} from '../../source/protocol/native-frames.js';
import {seededRandom} from '../helpers/event-queue.js';

const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 1_000_000);

/** What a socket, a resolver or an attacker might hand over as an address. */
function candidate(random: () => number): string {
	const pick = <T>(items: readonly T[]): T =>
		items[Math.floor(random() * items.length)]!;
	const octet = () => String(Math.floor(random() * 300));
	const group = () => Math.floor(random() * 0x1_00_00).toString(16);
	const kinds = [
		() => [octet(), octet(), octet(), octet()].join('.'),
		() => `::ffff:${[octet(), octet(), octet(), octet()].join('.')}`,
		() =>
			Array.from({length: 1 + Math.floor(random() * 8)}, group).join(
				pick([':', '::']),
			),
		() => `fe80::${group()}%${pick(['eth0', 'lo', '', '?', 'a b', '%%'])}`,
		() => pick(['?', '', ' ', 'localhost', '::', '0', '1.2.3', 'ä.b', '[::1]']),
		() =>
			Array.from({length: Math.floor(random() * 50)}, () =>
				String.fromCodePoint(Math.floor(random() * 0x3_00)),
			).join(''),
	];
	return pick(kinds)();
}

test(`every address parseIp accepts goes out in frames that decode (PROPERTY_SEED=${seed})`, () => {
	const random = seededRandom(seed);
	let accepted = 0;
	for (let round = 0; round < 5000; round++) {
		const text = candidate(random);
		const ip = parseIp(text);
		if (ip === undefined) continue;
		accepted++;
		const wire = shareableIp(ip);
		const frames = [
			encodeFrame({
				type: 'announce',
				announcement: {
					origin: new Uint8Array(32),
					version: 1,
					nick: 'n',
					leaving: false,
					links: [{key: new Uint8Array(32).fill(1), ip: wire, port: 7001}],
					legacy: [{ip: wire, port: 7002}],
					signature: new Uint8Array(64),
				},
			}),
			encodeFrame({
				type: 'bridged',
				line: {
					bridge: new Uint8Array(32),
					bridgeNick: 'n',
					source: {ip: wire, port: 7003},
					timestamp: 1,
					seq: 1,
					text: 'hi',
					signature: new Uint8Array(64),
				},
			}),
		];
		for (const frame of frames) {
			const decoded = decodeFrame(frame);
			assert.ok(
				!isFrameError(decoded),
				`${JSON.stringify(text)} -> ${wire}: ${isFrameError(decoded) ? decoded.error : ''}`,
			);
		}
	}

	// The generator must reach both sides of the rule to prove anything.
	assert.ok(accepted > 500, `only ${accepted} of 5000 candidates were IPs`);
});

test('parseIp refuses what a vanished socket or a forger gives, keeps what sockets report', () => {
	for (const bad of [undefined, '?', '', 'localhost', '1.2.3.256', '::1%a b']) {
		assert.equal(parseIp(bad), undefined, String(bad));
	}

	assert.equal(parseIp('::ffff:127.0.0.1'), '127.0.0.1');
	assert.equal(parseIp('0:0:0:0:0:0:0:1'), '::1');
	assert.equal(parseIp('fe80::1%eth0'), 'fe80::1%eth0');
	assert.equal(shareableIp(parseIp('fe80::1%eth0')!), 'fe80::1');
});
