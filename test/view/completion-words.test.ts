import test from 'node:test';
import assert from 'node:assert/strict';
import {completionWords} from '../../source/view/completion-words.js';
import {
	makeAddress,
	makeHost,
	makeNativeHost,
	makeOfflinePeer,
	makeEntries,
	nativeAuthor,
} from '../helpers/fake-service.js';

test('Tab offers the last speakers first, then online peers, then the others', () => {
	const bob1 = makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob-1'});
	const bob2 = makeNativeHost('127.0.0.1:7003', 'bob', {keySeed: 'bob-2'});
	const hosts = [
		makeOfflinePeer('127.0.0.1:7005', 'zoe'),
		bob1,
		bob2,
		makeNativeHost('127.0.0.1:7004', 'carol'),
		makeHost('127.0.0.1:7006'),
		makeAddress('10.0.0.9:7007'),
	];
	const entries = [
		...makeEntries(1, '127.0.0.1:7004', nativeAuthor('carol')),
		...makeEntries(1, '127.0.0.1:7009', nativeAuthor('dave')),
		...makeEntries(1, '127.0.0.1:7006', 'legacy'),
	];
	const words = completionWords({entries, hosts}, []);
	assert.deepEqual(words.nicks, ['dave', 'carol', 'bob', 'zoe']);
	// Two keys share "bob": each one's label too, for commands that take a nick.
	assert.deepEqual(words.labels, [
		'dave',
		'carol',
		'bob',
		`bob·${bob1.fingerprint}`,
		`bob·${bob2.fingerprint}`,
		'zoe',
	]);
	assert.deepEqual(words.addresses, [
		'127.0.0.1:7005',
		'127.0.0.1:7002',
		'127.0.0.1:7003',
		'127.0.0.1:7004',
		'127.0.0.1:7006',
		'10.0.0.9:7007',
	]);
});
