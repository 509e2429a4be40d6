/**
 * A flood on one link must not hold up another link's lines (issue 10,
 * finding 4): a node handles its links' frames in turns, round robin
 * (`node/inbound-turns.ts`), not all that one read of a socket brought
 * first. On a memory network, with the flooding peer's burst arriving as
 * one chunk, as TCP hands it to a busy reader; the order of what the node
 * shows is the test, never a timing.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {Signer} from '../../source/node/signing.js';
import type {ChatService} from '../../source/service/chat-service.js';
import type {ChatEntry} from '../../source/service/types.js';
import {startNode} from '../helpers/legacy-peer.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {waitFor} from '../helpers/wait-for.js';

const burst = 1000;
const lineText = (index: number) => `${index} `.padEnd(1024, 'x');

/**
 * The chat lines `service` shows, in the order they came (its `entry`
 * events): the screen sorts by author time, and these all share one.
 */
function arrivals(service: ChatService): string[] {
	const texts: string[] = [];
	service.on('entry', (entry) => {
		if (entry.kind === 'chat') texts.push(entry.text);
	});
	return texts;
}

/** Alice, and two raw peers linked to her: mallory (bursts in one chunk) and bob. */
async function setup(t: test.TestContext) {
	const transport = new MemoryNetwork().transport();
	const alice = await startNode({transport, nick: 'alice'});
	const mallory = await rawNativePeer(alice.port, {
		transport,
		nick: 'mallory',
		coalesce: true,
		read: true,
	});
	const bob = await rawNativePeer(alice.port, {
		transport,
		nick: 'bob',
		read: true,
	});
	t.after(async () => {
		mallory.destroy();
		bob.destroy();
		await alice.service.stop();
	});
	await waitFor(
		() =>
			alice.service
				.getSnapshot()
				.hosts.filter((host) => host.state === 'online').length === 2,
		{what: 'both links'},
	);
	return {alice, mallory, bob};
}

test("an honest peer's line is shown before a flooding peer's backlog, and the flood loses nothing", async (t) => {
	const {alice, mallory, bob} = await setup(t);
	const shown = arrivals(alice.service);
	const now = Date.now();
	// Bob writes once alice shows the first of mallory's lines: the rest
	// of the burst has reached her by then (it came as one chunk).
	// (Not at any entry: a notice about the peers can come first.)
	const onEntry = (entry: ChatEntry) => {
		if (entry.kind !== 'chat') return;
		alice.service.off('entry', onEntry);
		bob.sendChat(
			bob.signer.sign({nick: 'bob', timestamp: now, seq: now, text: 'ping'}),
		);
	};

	alice.service.on('entry', onEntry);
	for (let index = 0; index < burst; index++) {
		mallory.sendChat(
			mallory.signer.sign({
				nick: 'mallory',
				timestamp: now,
				seq: now + index,
				text: lineText(index),
			}),
		);
	}

	await waitFor(() => shown.length === burst + 1, {
		timeoutMs: 20_000,
		what: 'every line',
	});
	const lines = shown;
	const ping = lines.indexOf('ping');
	// Each turn handles at most 256 frames, and bob's line is in the
	// first round of the turn after it arrived: a few turns at most.
	assert.ok(
		ping > 0 && ping < burst / 2,
		`bob's line was shown after ${ping} of mallory's ${burst}`,
	);
	assert.deepEqual(
		lines.filter((text) => text !== 'ping'),
		Array.from({length: burst}, (_, index) => lineText(index)),
		"every one of mallory's lines, in order",
	);
	assert.equal(alice.service.getSnapshot().counters.rateLimited, 0);
});

test("a relay's own line is shown before the backlog of an author it relays, whose lines beyond it are dropped and counted", async (t) => {
	const {alice, mallory: relay} = await setup(t);
	const lines = arrivals(alice.service);
	// The relay passes on lines of another author (signed by that author).
	const author = new Signer(newKeyPair());
	const now = Date.now();
	for (let index = 0; index < burst; index++) {
		relay.sendChat(
			author.sign({
				nick: 'carol',
				timestamp: now,
				seq: now + index,
				text: lineText(index),
			}),
		);
	}

	relay.sendChat(
		relay.signer.sign({nick: 'mallory', timestamp: now, seq: now, text: 'own'}),
	);
	await waitFor(
		() => {
			const {counters} = alice.service.getSnapshot();
			return counters.received + counters.rateLimited === burst + 1;
		},
		{timeoutMs: 20_000, what: 'every line shown or dropped'},
	);
	assert.ok(
		lines.indexOf('own') < 100,
		`the relay's own line was shown after ${lines.indexOf('own')} relayed ones`,
	);
	const {rateLimited} = alice.service.getSnapshot().counters;
	assert.ok(
		rateLimited > 0,
		'the relayed backlog beyond its bound was dropped',
	);
	const relayed = lines.filter((text) => text !== 'own');
	assert.deepEqual(
		relayed,
		Array.from({length: relayed.length}, (_, index) => lineText(index)),
		'the oldest are kept, in order',
	);
});
