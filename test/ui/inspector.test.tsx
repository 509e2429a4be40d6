/**
 * The protocol inspector (`/inspect`) and the mesh map (`/map`) on a fake
 * service: the panes open and close by command, show what the service
 * records, filter it, and stop the recording when they close (a closed
 * inspector costs the node nothing).
 */
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {FakeChatService} from '../helpers/fake-service.js';
import {makeFrame} from '../helpers/fake-inspector.js';
import type {MeshMap} from '../../source/service/inspector-types.js';
import {renderApp} from './render-app.js';
import {keys, press} from './terminal-helpers.js';

afterEach(cleanup);

function setup() {
	const service = new FakeChatService();
	const app = renderApp(service, 120, 30);
	const command = async (line: string) => {
		await app.until((f) => f.includes('›'));
		await press(app.stdin, line);
		await app.until((f) => f.includes(line.slice(-8)));
		await press(app.stdin, keys.enter);
	};

	return {service, inspector: service.inspector, command, ...app};
}

/** Our line out to two links, and each link's acknowledgement coming back. */
const lineAndAcks = [
	makeFrame({id: 1, link: 'bob·1a2b3c4d', detail: '"hello all"'}),
	makeFrame({id: 2, link: 'carol·5e6f7a8b', detail: '"hello all"'}),
	makeFrame({
		id: 3,
		direction: 'in',
		link: 'bob·1a2b3c4d',
		type: 'ACK',
		bytes: 10,
		origin: 'bob·1a2b3c4d',
		hops: 1,
		verdict: 'accepted',
		detail: '1 line',
	}),
	makeFrame({
		id: 4,
		direction: 'in',
		link: 'carol·5e6f7a8b',
		type: 'ACK',
		bytes: 10,
		origin: 'carol·5e6f7a8b',
		hops: 1,
		verdict: 'accepted',
		detail: '1 line',
	}),
	makeFrame({
		id: 5,
		direction: 'in',
		link: 'carol·5e6f7a8b',
		type: 'CHAT',
		bytes: 130,
		origin: 'dave·99aa88bb',
		hops: 2,
		signature: 'valid',
		verdict: 'new',
		detail: '"hi from dave"',
	}),
	makeFrame({
		id: 6,
		direction: 'in',
		link: 'bob·1a2b3c4d',
		type: 'CHAT',
		bytes: 130,
		origin: 'dave·99aa88bb',
		hops: 2,
		signature: 'unchecked',
		verdict: 'duplicate',
		detail: '"hi from dave"',
	}),
];

const rowsOf = (frame: string, type: string) =>
	frame
		.split('\n')
		.filter((row) => new RegExp(String.raw`\b${type}\b`, 'v').test(row));

test('/inspect opens a pane that shows our line going out and the acks coming back, and closes again', async () => {
	const {inspector, command, frame, until} = setup();
	assert.equal(inspector.frameViewers, 0, 'nothing recorded before it opens');
	await command('/inspect');
	await until((f) => f.includes('Frames: every frame'));
	await until(() => inspector.frameViewers === 1);
	inspector.push(...lineAndAcks);
	await until((f) => f.includes('hi from dave'));
	const chats = rowsOf(frame(), 'CHAT');
	assert.equal(chats.filter((row) => /\bout\b/v.test(row)).length, 2);
	assert.match(
		chats[0] ?? '',
		/out\s+bob·1a2b3c4d\s+CHAT\s+120\s+0\s+sent\s+by you "hello all"/v,
	);
	assert.match(chats[1] ?? '', /out\s+carol·5e6f7a8b\s+CHAT/v);
	const acks = rowsOf(frame(), 'ACK');
	assert.equal(acks.length, 2, frame());
	assert.match(
		acks[0] ?? '',
		/in\s+bob·1a2b3c4d\s+ACK\s+10\s+1\s+accepted\s+1 line/v,
	);
	assert.match(acks[1] ?? '', /in\s+carol·5e6f7a8b\s+ACK/v);
	// A relayed line: two hops away, checked once, its copy not checked again.
	assert.match(
		chats[2] ?? '',
		/in\s+carol·5e6f7a8b\s+CHAT\s+130\s+2\s+ok\s+new\s+by dave·99aa88bb/v,
	);
	assert.match(
		chats[3] ?? '',
		/in\s+bob·1a2b3c4d\s+CHAT\s+130\s+2\s+-\s+duplicate/v,
	);
	assert.match(frame(), /6 shown of 6/v);

	await command('/inspect');
	await until((f) => !f.includes('Frames:'));
	await until(() => inspector.frameViewers === 0);
	assert.ok(!frame().includes('hi from dave'));
});

test('/inspect WORDS shows only the frames that match every word; /inspect off closes', async () => {
	const {inspector, command, frame, until} = setup();
	await command('/inspect bob');
	await until(() => inspector.frameViewers === 1);
	inspector.push(...lineAndAcks);
	await until((f) => f.includes('3 shown of 6'));
	assert.match(frame(), /frames matching "bob"/v);
	assert.ok(!frame().includes('carol·5e6f7a8b  '), 'no row on carol’s link');

	await command('/inspect in chat');
	await until((f) => f.includes('2 shown of 6'));
	assert.equal(rowsOf(frame(), 'CHAT').length, 2);
	assert.equal(rowsOf(frame(), 'ACK').length, 0);
	assert.equal(inspector.frameViewers, 1, 'a new filter is the same pane');

	await command('/inspect duplicate');
	await until((f) => f.includes('1 shown of 6'));
	assert.match(frame(), /duplicate/v);

	await command('/inspect dave');
	await until((f) => f.includes('2 shown of 6'));

	await command('/inspect off');
	await until((f) => !f.includes('Frames:'));
	await until(() => inspector.frameViewers === 0);
});

const mesh: MeshMap = {
	self: 'me·00000000',
	peers: [
		{
			key: 'b'.repeat(64),
			label: 'bob·bbbbbbbb',
			hops: 1,
			link: {direction: 'dialed', address: '127.0.0.1:7002'},
			via: [],
		},
		{
			key: 'c'.repeat(64),
			label: 'carol·cccccccc',
			hops: 1,
			link: {direction: 'accepted', address: '127.0.0.1:7003'},
			via: [],
		},
		{
			key: 'd'.repeat(64),
			label: 'dave·dddddddd',
			hops: 2,
			link: undefined,
			via: ['c'.repeat(64), 'b'.repeat(64)],
		},
		{
			key: 'e'.repeat(64),
			label: 'eve·eeeeeeee',
			hops: 3,
			link: undefined,
			via: ['d'.repeat(64)],
		},
	],
	unreachable: ['frank·ffffffff'],
};

test('/map draws our links, the peers further out by hops and through whom, and follows changes', async () => {
	const {inspector, command, frame, until} = setup();
	inspector.setMap(mesh);
	await command('/map');
	await until((f) => f.includes('Mesh: 2 links, 4 reachable'));
	assert.equal(inspector.mapViewers, 1);
	const rows = frame().split('\n');
	// The row that names the peer first (others may name it as a way in).
	const row = (label: string) =>
		rows.find((text) => text.replace(/^[\s│├└─]*/v, '').startsWith(label)) ??
		'';
	assert.match(row('me·00000000'), /this node/v);
	assert.match(
		row('bob·bbbbbbbb'),
		/├─ bob·bbbbbbbb\s+link \(we dialed\), listens at 127\.0\.0\.1:7002/v,
	);
	assert.match(
		row('carol·cccccccc'),
		/└─ carol·cccccccc\s+link \(it dialed\)/v,
	);
	// Under bob (first by label), with carol named as the other way in.
	assert.match(
		row('dave·dddddddd'),
		/│\s+└─ dave·dddddddd\s+2 hops, via bob·bbbbbbbb, also via carol·cccccccc/v,
	);
	assert.match(
		row('eve·eeeeeeee'),
		/└─ eve·eeeeeeee\s+3 hops, via dave·dddddddd/v,
	);
	assert.match(row('not reachable now'), /frank·ffffffff/v);
	assert.ok(
		rows.indexOf(row('bob·bbbbbbbb')) < rows.indexOf(row('dave·dddddddd')) &&
			rows.indexOf(row('dave·dddddddd')) < rows.indexOf(row('carol·cccccccc')),
		'dave sits in bob’s branch',
	);

	inspector.setMap({...mesh, peers: mesh.peers.slice(0, 2), unreachable: []});
	await until((f) => f.includes('Mesh: 2 links, 2 reachable'));
	assert.ok(!frame().includes('dave·dddddddd'));

	await command('/map off');
	await until((f) => !f.includes('Mesh:'));
	await until(() => inspector.mapViewers === 0);
});

test('both panes at once share the screen with the chat; /help lists them', async () => {
	const {service, inspector, command, frame, until} = setup();
	inspector.setMap(mesh);
	await command('/inspect');
	await command('/map');
	await until((f) => f.includes('Frames:') && f.includes('Mesh:'));
	assert.ok(frame().split('\n').length <= 30);
	await command('/help');
	await until(() =>
		service.callsOf('note').some(([text]) => String(text).includes('/inspect')),
	);
	const help = service.callsOf('note').map(([text]) => String(text));
	assert.ok(
		help.includes(
			'  /inspect [WORDS]    watch frames pass (WORDS filter them; again or off closes)',
		),
		help.join('\n'),
	);
	assert.ok(
		help.includes(
			'  /map                draw the mesh as this node sees it (again closes)',
		),
	);
});
