import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {render, cleanup} from 'ink-testing-library';
import App from '../../source/app.js';
import {
	FakeChatService,
	fakeIdentity,
	makeAddress,
	makeHost,
	makeNativeHost,
} from '../helpers/fake-service.js';
import {keys, press, waitFor} from './terminal-helpers.js';

afterEach(cleanup);

function setup(service = new FakeChatService()) {
	let quits = 0;
	const instance = render(
		<App
			service={service}
			size={{columns: 100, rows: 30}}
			onQuit={() => {
				quits++;
			}}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const until = async (check: () => boolean) =>
		waitFor(check, () => `calls: ${JSON.stringify(service.calls)}\n${frame()}`);
	// Type a line, wait until the editor shows it, then press Enter on its own.
	const enter = async (line: string) => {
		await until(() => frame().includes('›'));
		await press(instance.stdin, line);
		await until(() => frame().includes(line.slice(-10)));
		await press(instance.stdin, keys.enter);
	};

	return {service, instance, frame, until, enter, quits: () => quits};
}

const notes = (service: FakeChatService) =>
	service.callsOf('note').map(([text]) => String(text));

test('Enter sends a typed line and clears the editor', async () => {
	const {service, frame, until, enter} = setup();
	await enter('hello world');
	await until(() => service.callsOf('send').length === 1);
	assert.deepEqual(service.callsOf('send'), [['hello world']]);
	await until(() => frame().includes('<me> hello world'));
	assert.ok(frame().includes('Type a message'), 'editor is empty again');
});

test('text and Enter in one chunk submit the text before the break', async () => {
	const {service, instance, until, frame} = setup();
	await until(() => frame().includes('›'));
	await press(instance.stdin, 'abc\r');
	await until(() => service.callsOf('send').length === 1);
	assert.deepEqual(service.callsOf('send'), [['abc']]);
	// Several lines in one chunk are a paste: the box asks before sending.
	await press(instance.stdin, 'one\ntwo\r\nthr');
	await until(() => frame().includes('Paste of 3 lines'));
	assert.equal(service.callsOf('send').length, 1);
	await press(instance.stdin, keys.enter);
	await until(() => service.callsOf('send').length === 4);
	assert.deepEqual(service.callsOf('send').slice(1), [
		['one'],
		['two'],
		['thr'],
	]);
});

test('empty lines are not sent, whitespace-only lines are', async () => {
	const {service, instance, until, frame, enter} = setup();
	await until(() => frame().includes('›'));
	await press(instance.stdin, keys.enter);
	await enter('   ');
	await until(() => service.callsOf('send').length > 0);
	assert.deepEqual(service.callsOf('send'), [['   ']]);
});

test('a rejected send becomes an error notice', async () => {
	const service = new FakeChatService();
	service.sendImpl = async () => {
		throw new Error('No known peers yet');
	};

	const {until, frame, enter} = setup(service);
	await enter('anyone?');
	await until(() => frame().includes('! No known peers yet'));
	assert.deepEqual(service.callsOf('note').at(-1), [
		'No known peers yet',
		'error',
	]);
});

test('// escapes a leading slash', async () => {
	const {service, until, enter} = setup();
	await enter('//shrug');
	await until(() => service.callsOf('send').length === 1);
	assert.deepEqual(service.callsOf('send'), [['/shrug']]);
});

test('/nick sets the nick; bad nicks are refused with a notice', async () => {
	const {service, until, enter, frame} = setup();
	await enter('/nick alice');
	await until(() => service.callsOf('setNick').length === 1);
	assert.deepEqual(service.callsOf('setNick'), [['alice']]);
	await until(() => frame().includes('alice·'));
	await enter('/nick two words');
	await enter(`/nick ${'x'.repeat(33)}`);
	await enter('/nick   ');
	await until(() => notes(service).length >= 4);
	assert.equal(service.callsOf('setNick').length, 1);
	assert.deepEqual(notes(service).slice(1), [
		'A nick cannot contain spaces',
		'A nick is at most 32 characters',
		'Usage: /nick NAME',
	]);
});

test('/connect reports success', async () => {
	const {service, until, enter, frame} = setup();
	await enter('/connect 127.0.0.1:7005');
	await until(() => frame().includes('Connected to 127.0.0.1:7005'));
	assert.deepEqual(service.callsOf('connect'), [['127.0.0.1:7005']]);
	await until(() => frame().includes('Peers (1/1 online)'));
});

test('/join-room joins the room named, whole (spaces too); alone it shows its usage', async () => {
	const {service, until, enter} = setup();
	await enter('/join-room book club');
	await until(() => service.callsOf('joinRoom').length === 1);
	assert.deepEqual(service.callsOf('joinRoom'), [['book club']]);
	await enter('/join-room');
	await until(() => notes(service).includes('Usage: /join-room NAME'));
	assert.equal(service.callsOf('joinRoom').length, 1);
});

test('/connect shows the error message of a failure', async () => {
	const service = new FakeChatService();
	service.connectImpl = async (address) => {
		throw new Error(`Cannot reach ${address}: connection refused`);
	};

	const {until, enter, frame} = setup(service);
	await enter('/connect 127.0.0.1:9');
	await until(() =>
		frame().includes('! Cannot reach 127.0.0.1:9: connection refused'),
	);
	assert.deepEqual(service.callsOf('connect'), [['127.0.0.1:9']]);
	await enter('/connect');
	await until(() => notes(service).includes('Usage: /connect HOST:PORT'));
	await enter('/connect nonsense');
	await until(() =>
		notes(service).includes(
			'/connect: "nonsense" has no port (expected host:port).',
		),
	);
	assert.equal(service.callsOf('connect').length, 1);
	assert.ok(
		!notes(service).some((text) => text.includes('Connecting to nonsense')),
	);
});

test('/peers lists every host with nick, fingerprint, state, dialect and link', async () => {
	const bob = makeNativeHost('127.0.0.1:7004', 'bob', {keySeed: 'bob'});
	const service = new FakeChatService({
		hosts: [
			makeHost('127.0.0.1:7002', {status: 'reachable'}),
			makeAddress('127.0.0.1:7003', {status: 'unreachable', queued: 4}),
			bob,
		],
	});
	const {until, enter} = setup(service);
	await enter('/peers');
	await until(() => notes(service).length === 4);
	const [title, first, second, third] = notes(service);
	assert.equal(title, 'Known peers: 3 (2 online)');
	assert.match(
		first ?? '',
		/^ {2}127\.0\.0\.1:7002 {2}legacy {2}reachable {2}last seen \d\d:\d\d:\d\d$/v,
	);
	assert.match(
		second ?? '',
		/^ {2}127\.0\.0\.1:7003 {2}offline {2}dialect unknown .* {2}4 queued$/v,
	);
	assert.equal(bob.fingerprint, fakeIdentity('bob').fingerprint);
	assert.match(
		third ?? '',
		new RegExp(
			String.raw`^ {2}bob·${bob.fingerprint} {2}127\.0\.0\.1:7004 {2}online {2}native {2}dialed by us$`,
			'v',
		),
	);
});

test('/clear clears, /help lists commands, unknown commands are named', async () => {
	const {service, until, enter, frame} = setup();
	await enter('/help');
	// The keys come last.
	await until(() => frame().includes('the oldest/newest line'));
	assert.ok(notes(service).some((line) => line.includes('//text')));
	assert.ok(notes(service).some((line) => line.includes('/connect HOST:PORT')));
	await enter('/clear');
	await until(() => service.callsOf('clear').length === 1);
	await until(() => !frame().includes('the oldest/newest line'));
	await enter('/foo bar');
	await until(() => frame().includes('Unknown command /foo — type /help'));
	assert.equal(service.callsOf('send').length, 0);
});

test('/quit and Ctrl-C quit', async () => {
	const {instance, until, enter, quits} = setup();
	await enter('/quit');
	await until(() => quits() === 1);
	await press(instance.stdin, keys.ctrlC);
	await until(() => quits() === 2);
});

test('/history says how much is kept, since when and where, or that nothing is', async () => {
	const service = new FakeChatService();
	const {until, enter} = setup(service);
	await enter('/history');
	await until(() => notes(service).length === 1);
	assert.equal(
		notes(service)[0],
		'No history is kept (--no-history, or a node on --port 0 without --data-dir).',
	);
	service.history = {
		count: 1234,
		since: new Date(2026, 11, 1, 9, 5, 7).getTime(),
		file: '/data/port-7001/history.db',
	};
	await enter('/history');
	await until(() => notes(service).length === 2);
	assert.equal(
		notes(service)[1],
		'1234 lines kept, since 2026-12-01 09:05:07, in /data/port-7001/history.db (p2p-chat history prints them).',
	);
});

test('/search lists the matching stored lines, numbered for /jump; or says why there are none', async () => {
	const service = new FakeChatService();
	const {until, enter} = setup(service);
	await enter('/search hello "there"');
	await until(() => notes(service).length === 1);
	assert.deepEqual(service.callsOf('search'), [['hello "there"']]);
	assert.equal(
		notes(service)[0],
		'No history is kept (--no-history, or a node on --port 0 without --data-dir). Nothing to search.',
	);
	const time = new Date(2026, 11, 1, 9, 5, 7).getTime();
	service.searchHits = [
		{
			kind: 'chat',
			source: {type: 'native', nick: 'bob', fingerprint: '1a2b3c4d'},
			text: 'hello "there"\nsecond row',
			time,
		},
		{
			kind: 'own',
			nick: 'me',
			fingerprint: '06c604b3',
			text: 'hello "there" too',
			time,
		},
	];
	await enter('/search hello "there"');
	await until(() => notes(service).length === 4);
	assert.deepEqual(notes(service).slice(1), [
		'2 lines with "hello "there"", newest last (/jump N shows one):',
		'1. 2026-12-01 09:05:07 <bob·1a2b3c4d> hello "there" second row',
		'2. 2026-12-01 09:05:07 <me·06c604b3> hello "there" too',
	]);
	await enter('/jump 2');
	await until(() => service.callsOf('jump').length === 1);
	assert.deepEqual(service.callsOf('jump'), [[2]]);
	service.searchHits = [];
	await enter('/search nothing like it');
	await until(() => notes(service).length === 5);
	assert.equal(notes(service)[4], 'No stored line contains "nothing like it".');
});

test('/jump takes a result number; one the last search did not list is an error', async () => {
	const service = new FakeChatService();
	const {until, enter, frame} = setup(service);
	await enter('/jump');
	await until(() => notes(service).length === 1);
	assert.equal(notes(service)[0], 'Usage: /jump N');
	await enter('/jump 0');
	await until(() => notes(service).length === 2);
	assert.equal(notes(service)[1], 'Results are numbered from 1.');
	await enter('/jump 3');
	await until(() => frame().includes('No result 3.'));
	assert.deepEqual(service.callsOf('jump'), [[3]]);
});
