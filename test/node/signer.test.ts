import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {createHash, createPrivateKey, sign} from 'node:crypto';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer, verifyEnvelope} from '../../source/node/signing.js';
import {signedBytes} from '../../source/protocol/native-frames.js';

// Lines are signed with libsodium now; Ed25519 is deterministic, so the
// signature must be the very bytes node:crypto made before.
test('a line is signed as node:crypto signs it, and checks out', () => {
	const keyPair = newKeyPair();
	const envelope = new Signer(keyPair).sign({
		nick: 'ann',
		timestamp: 1_700_000_000_000,
		seq: 7,
		text: 'hello',
	});
	const base64url = (bytes: Uint8Array) =>
		Buffer.from(bytes).toString('base64url');
	const privateKey = createPrivateKey({
		key: {
			kty: 'OKP',
			crv: 'Ed25519',
			d: base64url(keyPair.secretKey.subarray(0, 32)),
			x: base64url(keyPair.publicKey),
		},
		format: 'jwk',
	});
	const expected = sign(undefined, signedBytes(envelope), privateKey);
	assert.deepEqual(Buffer.from(envelope.signature), expected);
	assert.equal(verifyEnvelope(envelope), true);
});

// The signed bytes are encoded in place after their context (one buffer);
// these hashes were taken from the encoding that made a body and copied it.
test('the signed bytes of a line are the ones every node signed before, short or long', () => {
	const author = new Uint8Array(32).fill(7);
	const hash = (text: string) => {
		const bytes = signedBytes({
			author,
			nick: 'ann',
			timestamp: 1_700_000_000_000,
			seq: 7,
			text,
		});
		return `${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`;
	};

	assert.equal(
		hash('hello'),
		'69 7cff500931ed446f14463ff4b3100b4231d42bbfcd0fd91309cd1c6ca7458e84',
	);
	assert.equal(
		hash(`${'é'.repeat(20_000)}xxx`),
		'40069 73da04a19d1903ca0c971b92a4f4c2fe9ea47b661e890f79726f9bf4162d3bd7',
	);
});
