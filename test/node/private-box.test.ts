import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {keyPairFromSeed, newKeyPair} from '../../source/node/identity.js';
import {PrivateBox} from '../../source/node/private-box.js';

const alice = newKeyPair();
const bob = newKeyPair();
const carol = newKeyPair();
const aliceBox = new PrivateBox(alice);
const bobBox = new PrivateBox(bob);
const carolBox = new PrivateBox(carol);

test('a box opens for its recipient and for its sender, and for nobody else', () => {
	const box = aliceBox.seal(bob.publicKey, 'meet at 6 ☕');
	assert.ok(box);
	assert.equal(
		bobBox.open(box, alice.publicKey, alice.publicKey),
		'meet at 6 ☕',
	);
	// The sender reads its own line back (its history, catch-up).
	assert.equal(
		aliceBox.open(box, bob.publicKey, alice.publicKey),
		'meet at 6 ☕',
	);
	// A third node has neither key of the pair.
	assert.equal(carolBox.open(box, alice.publicKey, alice.publicKey), undefined);
	assert.equal(carolBox.open(box, bob.publicKey, alice.publicKey), undefined);
	// Two boxes of one text differ (a fresh nonce each).
	assert.notEqual(aliceBox.seal(bob.publicKey, 'meet at 6 ☕'), box);
});

test('a damaged box, or one claimed by another author, does not open', () => {
	const box = aliceBox.seal(bob.publicKey, 'hello')!;
	const bytes = Buffer.from(box, 'base64');
	for (const index of [0, 30, bytes.length - 1]) {
		const damaged = Buffer.from(bytes);
		damaged[index] = (damaged[index]! + 1) % 256;
		assert.equal(
			bobBox.open(damaged.toString('base64'), alice.publicKey, alice.publicKey),
			undefined,
			`byte ${index}`,
		);
	}

	assert.equal(
		bobBox.open(box.slice(0, 40), alice.publicKey, alice.publicKey),
		undefined,
	);
	assert.equal(bobBox.open('', alice.publicKey, alice.publicKey), undefined);
	// Carol cannot pass alice's box off as hers: it was not made with her key.
	assert.equal(bobBox.open(box, carol.publicKey, carol.publicKey), undefined);
});

test("bob cannot send alice's own words back to her as his (the box names its author)", () => {
	const box = aliceBox.seal(bob.publicKey, 'I owe bob 100')!;
	// Bob signs a line with alice's box, addressed to alice: the pair's key opens it...
	// ...but the author inside is alice, not bob, who signed it.
	assert.equal(aliceBox.open(box, bob.publicKey, bob.publicKey), undefined);
});

test('no box is made for bytes that are not a key', () => {
	assert.equal(aliceBox.seal(new Uint8Array(32).fill(0xff), 'x'), undefined);
	assert.equal(aliceBox.seal(new Uint8Array(5), 'x'), undefined);
	const box = aliceBox.seal(bob.publicKey, 'x')!;
	assert.equal(
		bobBox.open(box, new Uint8Array(32).fill(0xff), alice.publicKey),
		undefined,
	);
});

test('the example of docs/PROTOCOL.md §5c opens to its text', () => {
	const alice = keyPairFromSeed(new Uint8Array(32).fill(1));
	const bob = keyPairFromSeed(new Uint8Array(32).fill(2));
	assert.equal(
		Buffer.from(alice.publicKey).toString('hex'),
		'8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c',
	);
	assert.equal(
		Buffer.from(bob.publicKey).toString('hex'),
		'8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394',
	);
	const box =
		'AAECAwQFBgcICQoLDA0ODxAREhMUFRYX3v5hcjCzYvNrzSY/hI416EnwPn8oaF13PfUIU0IGQb3Q3DxzXt8hPGtVGB90QjNbsmPIZbOU';
	assert.equal(
		new PrivateBox(bob).open(box, alice.publicKey, alice.publicKey),
		'hi bob',
	);
	assert.equal(
		new PrivateBox(alice).open(box, bob.publicKey, alice.publicKey),
		'hi bob',
	);
});
