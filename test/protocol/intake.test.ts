import {Buffer} from 'node:buffer';
import test from 'node:test';
import assert from 'node:assert/strict';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer, verifier} from '../../source/node/signing.js';
import {ReplayGuard} from '../../source/protocol/replay-guard.js';
import {
	judgeAnnouncement,
	judgeBridged,
	utf8Length,
} from '../../source/protocol/intake.js';
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
	assert.equal(
		judgeBridged(line, {replay, verifier, now}, false).kind,
		'deliver',
	);
	assert.equal(judgeBridged(line, {replay, verifier, now}, false).kind, 'copy');
});

test('a bridged legacy line is refused on a secret network, however well signed', () => {
	assert.deepEqual(
		judgeBridged(line, {replay: new ReplayGuard(), verifier, now}, true),
		{
			kind: 'drop',
			reason: {kind: 'refused-legacy'},
		},
	);
});

test('a bridged line altered on the way, or far off the clock, is not delivered', () => {
	const replay = new ReplayGuard();
	assert.deepEqual(
		judgeBridged({...line, text: 'changed'}, {replay, verifier, now}, false),
		{kind: 'drop', reason: {kind: 'bad-signature'}},
	);
	assert.deepEqual(
		judgeBridged(line, {replay, verifier, now: now + 11 * 60 * 1000}, false),
		{kind: 'drop', reason: {kind: 'replayed'}},
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
	assert.equal(judgeAnnouncement(announcement, verifier), undefined);
	assert.deepEqual(
		judgeAnnouncement({...announcement, leaving: true}, verifier),
		{kind: 'bad-signature'},
	);
	assert.deepEqual(
		judgeAnnouncement(
			{...announcement, origin: newKeyPair().publicKey},
			verifier,
		),
		{kind: 'bad-signature'},
	);
});

test('utf8Length counts the bytes Buffer.byteLength does', () => {
	for (const text of [
		'',
		'abc',
		'é',
		'€',
		'𝄞',
		'a\uD800b',
		'\uDC00x',
		'mixed é€𝄞 text',
	]) {
		assert.equal(
			utf8Length(text),
			Buffer.byteLength(text),
			JSON.stringify(text),
		);
	}
});
