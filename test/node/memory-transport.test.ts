/**
 * The memory network behaves like TCP on loopback where the node can tell:
 * refused dials, ports, ordering, half-close, destroy, backpressure.
 */
import {Buffer} from 'node:buffer';
import {once} from 'node:events';
import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {TransportSocket} from '../../source/node/transport.js';
import {errorCode} from '../../source/node/error-info.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor, within} from '../helpers/wait-for.js';

/** A listener that hands its accepted sockets to the test, in order. */
async function listening(network: MemoryNetwork, port = 0) {
	const accepted: TransportSocket[] = [];
	const listener = await network
		.transport()
		.listen('127.0.0.1', port, (socket) => {
			accepted.push(socket);
		});
	return {listener, accepted};
}

/** `promise`'s value, or a failure naming `what` after 2 s. */
async function soon<T>(promise: Promise<T>, what: string): Promise<T> {
	const result = await within(promise, 2000, timedOut);
	if (result === timedOut) throw new Error(`no ${what} within 2 s`);
	return result;
}

const timedOut = Symbol('timed out');

async function connected(network: MemoryNetwork, port: number) {
	const socket = network.transport().connect('127.0.0.1', port);
	await soon(once(socket, 'connect'), 'connect');
	return socket;
}

/** The error a socket emits (`once` would reject with it instead). */
async function failure(socket: TransportSocket): Promise<unknown> {
	return new Promise((resolve) => {
		socket.once('error', resolve);
	});
}

/** Everything a socket reads until its end (bounded by the caller's deadline). */
async function readAll(socket: TransportSocket): Promise<string> {
	const chunks: Uint8Array[] = [];
	socket.on('data', (chunk: Uint8Array) => {
		chunks.push(chunk);
	});
	await once(socket, 'end');
	return Buffer.concat(chunks).toString('utf8');
}

test('a dial to a port nobody listens on fails later, ECONNREFUSED, then closes', async () => {
	const network = new MemoryNetwork();
	const socket = network.transport().connect('127.0.0.1', 1);
	let failed: unknown;
	socket.on('error', (error) => {
		failed = error;
	});
	const closed = new Promise((resolve) => {
		socket.once('close', resolve);
	});
	// Not inside connect(): the caller has attached its handlers first.
	assert.equal(failed, undefined);
	await soon(closed, 'close');
	assert.equal(errorCode(failed), 'ECONNREFUSED');

	const elsewhere = network.transport().connect('10.0.0.1', 1);
	assert.equal(
		errorCode(await soon(failure(elsewhere), 'error')),
		'EHOSTUNREACH',
	);
	await waitFor(() => network.openSockets === 0, {what: 'no open sockets'});
});

test('port 0 takes a free port; a taken port is EADDRINUSE; a closed one is free again', async () => {
	const network = new MemoryNetwork();
	const first = await listening(network);
	const second = await listening(network);
	assert.notEqual(first.listener.port, second.listener.port);
	await assert.rejects(
		listening(network, first.listener.port),
		(error) => errorCode(error) === 'EADDRINUSE',
	);
	await first.listener.close();
	const again = await listening(network, first.listener.port);
	assert.equal(again.listener.port, first.listener.port);
	await Promise.all([second.listener.close(), again.listener.close()]);
});

test('bytes arrive in order, never inside the write that sent them', async () => {
	const network = new MemoryNetwork();
	const {listener, accepted} = await listening(network);
	const client = await connected(network, listener.port);
	const server = await waitFor(() => accepted[0], {what: 'the accept'});
	assert.equal(server.remoteAddress, '127.0.0.1');
	const got: string[] = [];
	server.on('data', (chunk: Uint8Array) => {
		got.push(Buffer.from(chunk).toString('utf8'));
	});
	for (let index = 0; index < 100; index++) {
		client.write(`${index},`);
		assert.equal(got.length, 0, 'delivered inside write()');
	}

	client.end();
	await soon(once(server, 'end'), 'end');
	const expected = Array.from({length: 100}, (_, index) => `${index},`);
	assert.equal(got.join(''), expected.join(''));
	await soon(listener.close(), 'listener close');
});

test('end() is a half-close: the other side still writes back, and its end closes both', async () => {
	const network = new MemoryNetwork();
	const {listener, accepted} = await listening(network);
	const client = await connected(network, listener.port);
	const server = await waitFor(() => accepted[0], {what: 'the accept'});
	const closed = Promise.all([once(client, 'close'), once(server, 'close')]);
	const clientRead = readAll(client);
	const serverRead = readAll(server);
	// As a `net` server with allowHalfOpen false: the reply goes in the
	// 'end' handler, before the socket ends its own side.
	server.once('end', () => {
		server.end('reply');
	});
	client.end('request');
	assert.equal(await soon(serverRead, 'end at the server'), 'request');
	// The client's reading side is still open: the reply reaches it.
	assert.equal(await soon(clientRead, 'end at the client'), 'reply');
	await soon(closed, 'close at both ends');
	await soon(listener.close(), 'listener close');
	assert.equal(network.openSockets, 0);
});

test('destroy() reaches the other side as an end and a close, after what was sent; the listener closes once all have', async () => {
	const network = new MemoryNetwork();
	const {listener, accepted} = await listening(network);
	const client = await connected(network, listener.port);
	const server = await waitFor(() => accepted[0], {what: 'the accept'});
	const serverRead = readAll(server);
	let listenerClosed = false;
	const closing = listener.close().then(() => {
		listenerClosed = true;
	});
	// Closing stops new connections at once...
	const late = network.transport().connect('127.0.0.1', listener.port);
	assert.equal(errorCode(await soon(failure(late), 'error')), 'ECONNREFUSED');
	// ...but waits for the ones it accepted.
	assert.equal(listenerClosed, false);

	client.write('last words');
	client.destroy();
	assert.equal(await soon(serverRead, 'end'), 'last words');
	await soon(once(server, 'close'), 'close');
	await soon(closing, 'listener close');
	assert.equal(network.openSockets, 0);
	// Written to an end that is gone: dropped, no error.
	server.destroy();
});

test('backpressure: a reader that stops makes write() return false, bounded; drain comes when it reads again', async () => {
	const network = new MemoryNetwork();
	const {listener, accepted} = await listening(network);
	const client = await connected(network, listener.port);
	const server = await waitFor(() => accepted[0], {what: 'the accept'});
	server.pause();
	const chunk = Buffer.alloc(4096, 1);
	let written = 0;
	// Write until the sender is told to wait; the reader never reads meanwhile.
	for (let round = 0; round < 1000; round++) {
		written += chunk.length;
		if (!client.write(chunk)) break;
		// eslint-disable-next-line no-await-in-loop -- let the bytes move between writes
		await new Promise((resolve) => {
			setImmediate(resolve);
		});
	}

	assert.ok(written < 1000 * chunk.length, 'write() never returned false');
	// Bounded: nothing is held beyond the two streams' limits.
	await waitFor(() => server.readableLength > 0, {what: 'bytes at the reader'});
	assert.ok(
		client.writableLength + server.readableLength <= 64 * 1024,
		`${client.writableLength} + ${server.readableLength} bytes held`,
	);
	const drained = once(client, 'drain');
	let read = 0;
	server.on('data', (data: Uint8Array) => {
		read += data.length;
	});
	server.resume();
	await soon(drained, 'drain');
	await waitFor(() => read === written, {what: 'every byte read'});
	client.destroy();
	await soon(listener.close(), 'listener close');
});

test('a listener closes once its connections are gone, even when their listeners were all removed', async () => {
	const network = new MemoryNetwork();
	const {listener, accepted} = await listening(network);
	const client = await connected(network, listener.port);
	const server = await waitFor(() => accepted[0], {what: 'the accept'});
	// As native-dial and the inbound server do when they hand a socket on.
	client.removeAllListeners();
	server.removeAllListeners();
	// Something still reads it (secret-stream, in a node); unread, it would stay open, as over TCP.
	server.resume();
	let closed = false;
	const closing = listener.close().then(() => {
		closed = true;
	});
	client.destroy();
	await soon(closing, 'listener close');
	assert.ok(closed);
	assert.equal(network.openSockets, 0);
});

test('two nodes that linked and stopped leave no connection open', async () => {
	const network = new MemoryNetwork();
	const transport = network.transport();
	const a = await startNode({nick: 'a', transport});
	const b = await startNode({
		nick: 'b',
		transport,
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	await waitFor(
		() =>
			[a, b].every(
				(node) => node.service.getSnapshot().hosts[0]?.state === 'online',
			),
		{what: 'the link'},
	);
	assert.ok(network.openSockets >= 2);
	await Promise.all([a.service.stop(), b.service.stop()]);
	await waitFor(() => network.openSockets === 0, {
		timeoutMs: 2000,
		what: 'every connection closed',
	});
});
