/**
 * A nick change that is no change says nothing to anyone: no "You are now
 * b." here, no announcement, no "b is now known as b" at the peers.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const notes = (service: ChatService) =>
	service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'notice')
		.map((entry) => entry.text);

test('setting the nick one has says so to us only', async (t) => {
	const transport = new MemoryNetwork().transport();
	const a = await startNode({nick: 'a', transport});
	const b = await startNode({
		nick: 'b',
		transport,
		bootstrap: [{host: '127.0.0.1', port: a.port}],
	});
	t.after(async () => {
		await Promise.all([a.service.stop(), b.service.stop()]);
	});
	await waitFor(
		() => a.service.getSnapshot().hosts.some((host) => host.state === 'online'),
		{what: 'linked'},
	);
	// The announcements of the new link are batched: let them pass.
	await delay(500);
	const announcements = () => a.service.stats().framesReceived.announce;
	const before = announcements();
	b.service.setNick('b');
	assert.equal(notes(b.service).at(-1), 'You are b already.');
	assert.ok(!notes(b.service).includes('You are now b.'));
	await delay(300);
	assert.equal(announcements(), before, 'nothing announced');
	assert.ok(!notes(a.service).some((text) => text.includes('known as')));
});
