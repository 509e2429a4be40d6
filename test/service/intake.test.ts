import test from 'node:test';
import assert from 'node:assert/strict';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer} from '../../source/node/signing.js';
import {ReplayGuard} from '../../source/protocol/replay-guard.js';
import {judgeAnnouncement, judgeBridged} from '../../source/service/intake.js';
import {asIp} from '../helpers/ip.js';

const now = Date.now();
const signer = new Signer(newKeyPair());
const line = signer.signBridged({
	bridgeNick: 'bob',
	source: {ip: asIp('127.0.0.1'), port: 9000},
	timestamp: now,
	seq: now,
	text: 'plain text from the seed',
});

test('a bridged legacy line is delivered once on an open network', () => {
	const replay = new ReplayGuard();
	assert.equal(judgeBridged(line, replay, now, undefined).kind, 'deliver');
	assert.equal(judgeBridged(line, replay, now, undefined).kind, 'copy');
});

test('a bridged legacy line is refused on a secret network, however well signed', () => {
	assert.equal(
		judgeBridged(line, new ReplayGuard(), now, 'sesame').kind,
		'refused',
	);
});

test('a bridged line altered on the way, or far off the clock, is not delivered', () => {
	const replay = new ReplayGuard();
	assert.equal(
		judgeBridged({...line, text: 'changed'}, replay, now, undefined).kind,
		'bad-signature',
	);
	assert.equal(
		judgeBridged(line, replay, now + 11 * 60 * 1000, undefined).kind,
		'replayed',
	);
});

test('an announcement must be signed by its origin', () => {
	const announcement = signer.signAnnouncement({
		version: 1,
		nick: 'bob',
		leaving: false,
		links: [],
		legacy: [],
	});
	assert.equal(judgeAnnouncement(announcement), 'ok');
	assert.equal(
		judgeAnnouncement({...announcement, leaving: true}),
		'bad-signature',
	);
	assert.equal(
		judgeAnnouncement({...announcement, origin: newKeyPair().publicKey}),
		'bad-signature',
	);
});
