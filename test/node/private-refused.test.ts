/**
 * Private lines that do not open where they are addressed (issue 12,
 * item 3): a box made by another key, or damaged before it was signed,
 * is refused by its recipient, which shows nothing of it and says so; a
 * line altered after it was signed fails its signature, as any line.
 */
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import test from 'node:test';
import {MemoryNetwork} from '../../source/node/memory-transport.js';
import {newKeyPair} from '../../source/node/identity.js';
import {PrivateBox} from '../../source/node/private-box.js';
import {privateText} from '../../source/protocol/line-marks.js';
import {peerKeyOf} from '../../source/protocol/peer-key.js';
import type {ChatService} from '../../source/service/chat-service.js';
import {rawNativePeer} from '../helpers/native-peer.js';
import {startNode} from '../helpers/legacy-peer.js';
import {waitFor} from '../helpers/wait-for.js';

function shows(service: ChatService, text: string): boolean {
	return service
		.getSnapshot()
		.entries.some((entry) => entry.text.includes(text));
}

test('a forged or damaged private line is refused by its recipient: nothing shown, told and counted', async (t) => {
	const transport = new MemoryNetwork().transport();
	const carol = await startNode({nick: 'carol', transport});
	t.after(async () => carol.service.stop());
	const carolKey = carol.service.getSnapshot().identity.publicKey;
	const carolBytes = Buffer.from(carolKey, 'hex');
	const mallory = await rawNativePeer(carol.port, {transport, acks: true});
	t.after(() => {
		mallory.destroy();
	});
	const box = new PrivateBox(mallory.keyPair);
	let seq = Date.now();
	const send = (text: string) => {
		seq++;
		const envelope = mallory.signer.sign({
			nick: 'mallory',
			timestamp: Date.now(),
			seq,
			text,
		});
		mallory.sendChat(envelope);
		return envelope;
	};

	const carolKeyText = peerKeyOf(carolBytes);
	// A box alice made for carol, passed off by mallory as hers.
	const alice = newKeyPair();
	const stolen = new PrivateBox(alice).seal(carolBytes, 'from alice')!;
	send(privateText(carolKeyText, stolen));
	// Mallory's own box, damaged before she signed it.
	const own = Buffer.from(box.seal(carolBytes, 'damaged')!, 'base64');
	own[40] = (own[40]! + 1) % 256;
	send(privateText(carolKeyText, own.toString('base64')));
	// A box that is not base64, and a version carol does not read.
	send(`\u0001PRIVATE v1 ${carolKey} not-a-box\u0001`);
	send(`\u0001PRIVATE v9 ${carolKey} AAAA\u0001`);
	// A genuine one, after them: the link still works, and it is shown.
	send(privateText(carolKeyText, box.seal(carolBytes, 'genuine')!));
	// Altered on the way (after signing): the signature no longer holds.
	const signed = mallory.signer.sign({
		nick: 'mallory',
		timestamp: Date.now(),
		seq: ++seq,
		text: privateText(carolKeyText, box.seal(carolBytes, 'altered')!),
	});
	mallory.sendChat({...signed, text: signed.text.replace('A', 'B')});

	await waitFor(() => shows(carol.service, 'genuine'), {
		what: 'the genuine line',
	});
	await waitFor(
		() => carol.service.getSnapshot().counters.badSignatures === 5,
		{
			what: 'four boxes refused and one bad signature',
		},
	);
	const chat = carol.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'chat');
	assert.deepEqual(
		chat.map((entry) => entry.text),
		['genuine'],
	);
	const errors = carol.service
		.getSnapshot()
		.entries.filter((entry) => entry.kind === 'error')
		.map((entry) => entry.text);
	assert.equal(
		errors.filter((text) => text.includes('does not open with our key')).length,
		2,
		errors.join('\n'),
	);
	assert.ok(
		errors.some((text) => text.includes('(v9)')),
		errors.join('\n'),
	);
	assert.ok(!errors.some((text) => text.includes('from alice')));
});
