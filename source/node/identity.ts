/**
 * A node's ed25519 identity: created on first start, kept in the profile's
 * data folder with mode 0600, never silently replaced. A file that exists but
 * cannot be read or parsed is an error the user must resolve; overwriting it
 * would change who this node is without telling anyone.
 */
import {Buffer} from 'node:buffer';
import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import SecretStream from '@hyperswarm/secret-stream';
import {errorCode} from './error-info.js';

/** An ed25519 key pair in sodium's layout (secret key = seed + public key). */
export type KeyPair = {
	readonly publicKey: Uint8Array;
	readonly secretKey: Uint8Array;
};

const fileName = 'identity.json';

type IdentityFile = {
	readonly version: 1;
	readonly publicKey: string;
	/** The 32-byte seed, hex; the secret key is derived from it. */
	readonly seed: string;
};

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
	return SecretStream.keyPair(seed);
}

/** A fresh random key pair (tests, and the first start of a profile). */
export function newKeyPair(): KeyPair {
	return SecretStream.keyPair();
}

/** Load the identity from `dataDir`, creating it on first start. */
export async function loadIdentity(dataDir: string): Promise<KeyPair> {
	const file = path.join(dataDir, fileName);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (errorCode(error) !== 'ENOENT') {
			throw new Error(
				`cannot read the identity file ${file} (${errorCode(error) ?? 'error'}): fix its permissions or choose another --data-dir`,
				{cause: error},
			);
		}

		return createIdentity(dataDir, file);
	}

	return parseIdentity(text, file);
}

function parseIdentity(text: string, file: string): KeyPair {
	const broken = new Error(
		`the identity file ${file} is damaged: restore it from a backup, or move it away to create a new identity`,
	);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw broken;
	}

	if (!isIdentityFile(parsed)) {
		throw broken;
	}

	const keyPair = keyPairFromSeed(Buffer.from(parsed.seed, 'hex'));
	if (Buffer.from(keyPair.publicKey).toString('hex') !== parsed.publicKey) {
		throw broken;
	}

	return keyPair;
}

function isIdentityFile(value: unknown): value is IdentityFile {
	const hex64 = (field: unknown) =>
		typeof field === 'string' && /^[\da-f]{64}$/.test(field);
	return (
		typeof value === 'object' &&
		value !== null &&
		'version' in value &&
		value.version === 1 &&
		'publicKey' in value &&
		hex64(value.publicKey) &&
		'seed' in value &&
		hex64(value.seed)
	);
}

async function createIdentity(dataDir: string, file: string): Promise<KeyPair> {
	await mkdir(dataDir, {recursive: true, mode: 0o700});
	const keyPair = newKeyPair();
	const content: IdentityFile = {
		version: 1,
		publicKey: Buffer.from(keyPair.publicKey).toString('hex'),
		seed: Buffer.from(keyPair.secretKey.subarray(0, 32)).toString('hex'),
	};
	// `wx`: never overwrite a file that appeared since we looked.
	await writeFile(file, `${JSON.stringify(content, undefined, '\t')}\n`, {
		mode: 0o600,
		flag: 'wx',
	});
	await chmod(file, 0o600);
	return keyPair;
}
