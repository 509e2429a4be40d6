import test from 'node:test';
import assert from 'node:assert/strict';
import {runUi} from '../../source/ui.js';
import {FakeChatService} from '../helpers/fake-service.js';
import {
	asStreams,
	FakeStdin,
	FakeStdout,
	keys,
	press,
	waitFor,
} from './terminal-helpers.js';

const enter = '\u001B[?1049h\u001B[?2004h';
const leave = '\u001B[?2004l\u001B[?1049l\u001B[?25h';

function start() {
	const service = new FakeChatService({nick: 'alice'});
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	let settled = false;
	const done = runUi(service, asStreams(stdout, stdin)).finally(() => {
		settled = true;
	});
	return {service, stdout, stdin, done, settled: () => settled};
}

test('runUi enters the alternate screen and resolves on Ctrl-C, restoring it', async () => {
	const {service, stdout, stdin, done, settled} = start();
	assert.ok(stdout.output.startsWith(enter), 'alternate screen first');
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	assert.ok(!stdout.output.includes(leave));
	assert.equal(settled(), false);
	await press(stdin, keys.ctrlC);
	await done;
	assert.ok(stdout.output.endsWith(leave), 'restored last');
	assert.equal(stdout.output.split(leave).length, 2, 'restored once');
	// Stopping the service is the CLI's job.
	assert.equal(service.callsOf('stop').length, 0);
});

test('runUi resolves on /quit', async () => {
	const {stdout, stdin, done} = start();
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	await press(stdin, '/quit');
	await press(stdin, keys.enter);
	await done;
	assert.ok(stdout.output.endsWith(leave));
});

test('runUi restores the screen when rendering fails', async () => {
	const service = new FakeChatService();
	service.getSnapshot = () => {
		throw new Error('broken service');
	};

	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	await assert.rejects(
		runUi(service, asStreams(stdout, stdin)),
		/broken service/v,
	);
	assert.ok(stdout.output.startsWith(enter));
	assert.ok(stdout.output.endsWith(leave));
});
