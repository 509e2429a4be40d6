import test from 'node:test';
import assert from 'node:assert/strict';
import {findPeer} from '../../source/service/find-peer.js';
import {
	fakeIdentity,
	makeHost,
	makeNativeHost,
	makeOfflinePeer,
} from '../helpers/fake-service.js';

const bob = makeNativeHost('10.0.0.2:7001', 'bob');
const bob2 = makeNativeHost('10.0.0.3:7001', 'bob');
const carol = makeOfflinePeer('10.0.0.4:7001', 'Carol');
const legacy = makeHost('10.0.0.9:7001');
const self = {...fakeIdentity('self'), nick: 'me'};

const found = (rows: Parameters<typeof findPeer>[0], name: string) => {
	const result = findPeer(rows, self, name);
	return 'peer' in result ? result.peer.publicKey : result.problem;
};

test('a name means one native peer: its nick, label, fingerprint or key', () => {
	const rows = [bob, carol, legacy];
	assert.equal(found(rows, 'bob'), bob.publicKey);
	assert.equal(found(rows, `bob·${bob.fingerprint}`), bob.publicKey);
	assert.equal(found(rows, bob.fingerprint), bob.publicKey);
	assert.equal(found(rows, bob.fingerprint.toUpperCase()), bob.publicKey);
	assert.equal(found(rows, bob.publicKey), bob.publicKey);
	// Case only when nothing matches exactly; an offline peer is still one.
	assert.equal(found(rows, 'carol'), carol.publicKey);
});

test('a shared nick must be given with its fingerprint', () => {
	const rows = [bob, bob2];
	assert.equal(
		found(rows, 'bob'),
		`2 peers are called bob: bob·${bob.fingerprint}, bob·${bob2.fingerprint}. Write one of these.`,
	);
	assert.equal(found(rows, `bob·${bob2.fingerprint}`), bob2.publicKey);
	assert.match(found(rows, 'bob·00000000'), /^No peer called bob·00000000/v);
	// Fewer than 8 digits are no fingerprint (too easy to mistype into another key).
	assert.match(found(rows, bob.fingerprint.slice(0, 4)), /^No peer called/v);
});

test('legacy hosts, this node and unknown names are refused in words', () => {
	const rows = [bob, legacy];
	assert.equal(
		found(rows, '10.0.0.9:7001'),
		'10.0.0.9:7001 is a legacy host: it reads plain text only, so it cannot get a private line.',
	);
	assert.equal(
		found(rows, 'me'),
		'That is you: a private line goes to someone else.',
	);
	assert.equal(
		found(rows, self.fingerprint),
		'That is you: a private line goes to someone else.',
	);
	assert.match(found(rows, 'nobody'), /^No peer called nobody is known/v);
});
