import {Buffer} from 'node:buffer';
import test from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {loadIdentity} from '../../source/node/identity.js';

async function temporaryDir(t: test.TestContext): Promise<string> {
	const directory = await mkdtemp(path.join(os.tmpdir(), 'p2p-chat-identity-'));
	t.after(async () => rm(directory, {recursive: true, force: true}));
	return directory;
}

test('an identity is created on first start with mode 0600 and kept', async (t) => {
	const directory = path.join(await temporaryDir(t), 'profile');
	const first = await loadIdentity(directory);
	const file = path.join(directory, 'identity.json');
	const {mode} = await stat(file);
	assert.equal(mode.toString(8).slice(-3), '600');
	const second = await loadIdentity(directory);
	assert.deepEqual(Buffer.from(second.publicKey), Buffer.from(first.publicKey));
	assert.equal(first.publicKey.length, 32);
	assert.equal(first.secretKey.length, 64);
});

test('a damaged identity file is a clear error and is never replaced', async (t) => {
	const directory = await temporaryDir(t);
	const file = path.join(directory, 'identity.json');
	for (const content of [
		'not json',
		'{"version":1}',
		JSON.stringify({
			version: 1,
			publicKey: 'ab'.repeat(32),
			seed: 'cd'.repeat(32),
		}),
	]) {
		// eslint-disable-next-line no-await-in-loop
		await writeFile(file, content);
		// eslint-disable-next-line no-await-in-loop
		await assert.rejects(
			loadIdentity(directory),
			/identity file .* is damaged/,
		);
		// eslint-disable-next-line no-await-in-loop
		assert.equal(await readFile(file, 'utf8'), content, 'left as it was');
	}
});

test('an identity path that cannot be read is a clear error', async (t) => {
	const directory = await temporaryDir(t);
	// A folder where the file should be: reading it fails with EISDIR, even as root.
	const {mkdir} = await import('node:fs/promises');
	await mkdir(path.join(directory, 'identity.json'));
	await assert.rejects(
		loadIdentity(directory),
		/cannot read the identity file/,
	);
});
