/**
 * `/quit MESSAGE` tells the others: the message goes out as a last line
 * before the UI leaves, waiting a moment for the acks, never long.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {runLine} from '../../source/commands/run-command.js';
import {FakeChatService} from '../helpers/fake-service.js';

test('/quit MESSAGE sends the message, then quits; /quit alone just quits', async () => {
	const service = new FakeChatService();
	const order: string[] = [];
	service.sendImpl = async (text) => {
		order.push(`send ${text}`);
		return {parts: 1, delivered: ['bob'], sent: [], failed: []};
	};

	const quit = () => {
		order.push('quit');
	};

	await runLine('/quit bye all, see you', {service, quit});
	await runLine('/quit', {service, quit});
	assert.deepEqual(order, ['send bye all, see you', 'quit', 'quit']);
});

test('a peer slow to acknowledge holds the quit a second at most', async () => {
	const service = new FakeChatService();
	service.sendImpl = async () =>
		new Promise(() => {
			// Never acknowledged.
		});
	let quits = 0;
	const started = Date.now();
	await runLine('/quit bye', {
		service,
		quit() {
			quits++;
		},
	});
	assert.equal(quits, 1);
	assert.deepEqual(service.callsOf('send'), [['bye']]);
	assert.ok(Date.now() - started < 2000);
});

test('a farewell too long to send is said, and the UI stays', async () => {
	const service = new FakeChatService();
	service.sendImpl = async () => {
		throw new Error('That line is 40000 bytes; the limit is 32768.');
	};

	let quits = 0;
	await runLine('/quit x', {
		service,
		quit() {
			quits++;
		},
	});
	assert.equal(quits, 0);
	assert.match(String(service.callsOf('note').at(-1)?.[0]), /40000 bytes/v);
});
