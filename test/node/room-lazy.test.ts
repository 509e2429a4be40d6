/**
 * Hyperswarm (and its DHT, UDX and their native modules) loads only when a
 * room is joined: a node without `--room` starts as fast as before.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import path from 'node:path';
import {startNode} from '../helpers/legacy-peer.js';

const dhtPackages = ['hyperswarm', 'hyperdht', 'udx-native'].map((name) =>
	path.join('node_modules', name, path.sep),
);

const loaded = () =>
	Object.keys(createRequire(import.meta.url).cache).filter((file) =>
		dhtPackages.some((part) => file.includes(part)),
	);

test('a node without a room never loads Hyperswarm', async () => {
	const {service} = await startNode({nick: 'plain'});
	try {
		await service.send('no room here');
		assert.deepEqual(loaded(), []);
	} finally {
		await service.stop();
	}
});
