/**
 * Up recalls what was typed before a restart: the real service keeps typed
 * lines in the profile's history store, and a new UI on a new node of the
 * same profile starts from them. A node without a store keeps nothing.
 * The UI is the real one, through ink-testing-library; the network is in
 * memory.
 */
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import {newKeyPair} from '../../source/node/identity.js';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {HistoryStore} from '../../source/node/store/history-store.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {keys, press, waitFor} from '../ui/terminal-helpers.js';
import {startNode} from '../helpers/legacy-peer.js';

/** Quitting is not what these tests do. */
const stayUp = () => undefined;

function show(service: ChatService) {
	const instance = render(
		<App service={service} size={{columns: 100, rows: 20}} onQuit={stayUp} />,
	);
	const frame = () => instance.lastFrame() ?? '';
	const line = () => /› (.*?) *│/v.exec(frame())?.[1] ?? '';
	const until = async (check: () => boolean) => waitFor(check, () => frame());
	return {instance, line, until};
}

test('Up recalls the lines typed before a restart, in this profile only', async (t) => {
	const transport = new MemoryNetwork().transport();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'p2p-chat-typed-'));
	const keyPair = newKeyPair();
	const start = async () =>
		startNode({
			nick: 'alice',
			keyPair,
			transport,
			history: HistoryStore.open(folder),
		});

	let node = await start();
	let ui = show(node.service);
	await ui.until(() => ui.line().startsWith('Type a message'));
	for (const typed of ['hello before', '/history']) {
		// eslint-disable-next-line no-await-in-loop
		await press(ui.instance.stdin, typed);
		// eslint-disable-next-line no-await-in-loop
		await press(ui.instance.stdin, keys.enter);
	}

	await ui.until(() =>
		node.service
			.getSnapshot()
			.entries.some((entry) => entry.text.includes('history.db')),
	);
	ui.instance.unmount();
	await node.service.stop();

	node = await start();
	t.after(async () => node.service.stop());
	assert.deepEqual(node.service.inputHistory(), ['hello before', '/history']);
	ui = show(node.service);
	await ui.until(() => ui.line().startsWith('Type a message'));
	await press(ui.instance.stdin, keys.up);
	await ui.until(() => ui.line() === '/history');
	await press(ui.instance.stdin, keys.up);
	await ui.until(() => ui.line() === 'hello before');
	ui.instance.unmount();

	// Another profile (no store here) has none of them.
	const other = await startNode({nick: 'bob', transport});
	t.after(async () => other.service.stop());
	other.service.keepInput('not kept');
	assert.deepEqual(other.service.inputHistory(), []);
});
