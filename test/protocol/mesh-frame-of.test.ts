/**
 * What a frame from the wire is to the core, once the peer said HELLO
 * (`protocol/mesh-frame-of.ts`): lines and controls pass as mesh frames,
 * an unknown extension and a one-sided TREE-HELLO are skipped, and a
 * SYNCED frame that holds no line breaks the protocol.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {meshFrameOf} from '../../source/protocol/mesh-frame-of.js';
import {
	encodeFrame,
	type ChatEnvelope,
} from '../../source/protocol/native-frames.js';

const envelope: ChatEnvelope = {
	author: new Uint8Array(32).fill(7),
	nick: 'bob',
	timestamp: 1_700_000_000_000,
	seq: 1_700_000_000_000,
	text: 'hello',
	signature: new Uint8Array(64).fill(9),
};

test('a chat line passes with its hops; a synced one with the line it holds', () => {
	assert.deepEqual(meshFrameOf({type: 'chat', envelope, hops: 2}, false), {
		kind: 'deliver',
		frame: {kind: 'chat', envelope, hops: 2},
	});
	const synced = meshFrameOf(
		{type: 'synced', frame: encodeFrame({type: 'chat', envelope})},
		false,
	);
	assert.equal(synced.kind, 'deliver');
	assert.ok(synced.kind === 'deliver' && synced.frame.kind === 'synced');
	assert.deepEqual(synced.frame.payload, {kind: 'chat', envelope});
});

test('a TREE-HELLO counts only when both ends speak Plumtree', () => {
	assert.deepEqual(meshFrameOf({type: 'tree-hello'}, true), {
		kind: 'deliver',
		frame: {kind: 'tree-hello'},
	});
	assert.deepEqual(meshFrameOf({type: 'tree-hello'}, false), {kind: 'skip'});
});

test('an unknown extension is skipped; a SYNCED frame without a line is a violation', () => {
	assert.deepEqual(meshFrameOf({type: 'skipped', code: 40}, true), {
		kind: 'skip',
	});
	assert.deepEqual(
		meshFrameOf(
			{type: 'synced', frame: encodeFrame({type: 'ack', seqs: [1]})},
			true,
		),
		{kind: 'violation', text: 'a SYNCED frame that holds no line'},
	);
	assert.equal(
		meshFrameOf({type: 'synced', frame: new Uint8Array([1, 2, 3])}, true).kind,
		'violation',
	);
});
