import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {createPrivateKey, sign} from 'node:crypto';
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
