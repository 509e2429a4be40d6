import test from 'node:test';
import assert from 'node:assert/strict';
import {withoutFetch} from '../source/load-ui.js';

test('the global fetch is hidden while the UI loads, and put back after', async () => {
	const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	assert.ok(before, 'Node 20 has a global fetch');
	const seen = await withoutFetch(async () => typeof globalThis.fetch);
	assert.equal(seen, 'undefined');
	assert.deepEqual(
		Object.getOwnPropertyDescriptor(globalThis, 'fetch'),
		before,
	);
});

test('fetch is put back when loading fails', async () => {
	const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	await assert.rejects(
		withoutFetch(async () => {
			throw new Error('no UI');
		}),
		/no UI/v,
	);
	assert.deepEqual(
		Object.getOwnPropertyDescriptor(globalThis, 'fetch'),
		before,
	);
});
