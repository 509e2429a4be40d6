/**
 * Attention through the real Ink path: a line that mentions our nick is
 * marked (and highlighted where there is colour: test/terminal), the bell
 * rings for it and the title counts what waits; the read marker is drawn
 * above the first unread line; scrolling back and returning, and typing,
 * tell the service what was read; /away.
 */
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {cleanup} from 'ink-testing-library';
import {runUi} from '../../source/ui.js';
import {readMarkerText} from '../../source/view/read-marker.js';
import {newSinceMarker} from '../../source/service/restart-marker.js';
import {
	FakeChatService,
	makeEntries,
	nativeAuthor,
	noAttention,
} from '../helpers/fake-service.js';
import {renderApp} from './render-app.js';
import {
	asStreams,
	FakeStdin,
	FakeStdout,
	keys,
	press,
	waitFor,
} from './terminal-helpers.js';

afterEach(cleanup);

const time = new Date(2024, 0, 2, 13, 4, 5).getTime();
const bell = '\u0007';
const title = (text: string) => `\u001B]0;${text}\u001B\\`;

function chatFromBob(id: number, text: string) {
	return {id, time, kind: 'chat' as const, source: nativeAuthor('bob'), text};
}

test('a line that mentions our nick is marked; others are not', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		entries: [
			chatFromBob(1, 'hello everyone'),
			chatFromBob(2, 'ALICE: are you there?'),
			chatFromBob(3, 'not malice'),
		],
	});
	const {until, frame} = renderApp(service);
	await until((f) => f.includes('not malice'));
	assert.match(frame(), /13:04:05 <bob> hello everyone/v);
	assert.match(frame(), /13:04:05»<bob> ALICE: are you there\?/v);
	assert.match(frame(), /13:04:05 <bob> not malice/v);
});

test('where this run began is a rule across the pane, not a notice', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		entries: [
			chatFromBob(1, 'said before the restart'),
			{id: 2, time, kind: 'notice' as const, text: newSinceMarker},
			chatFromBob(3, 'said since'),
		],
	});
	const {until, frame} = renderApp(service, 80, 12);
	await until((f) => f.includes('said since'));
	const rows = frame().split('\n');
	const marker = rows.findIndex((row) => row.includes(newSinceMarker));
	assert.ok(marker > 0, frame());
	assert.match(rows[marker - 1] ?? '', /said before the restart/v);
	assert.match(rows[marker + 1] ?? '', /said since/v);
	assert.match(rows[marker] ?? '', /^ ─+ new since you were last here ─+/v);
	assert.doesNotMatch(frame(), /-!-/v, 'not a notice of this node');
});

test('the read marker is drawn above the first line that came after reading stopped', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		entries: [chatFromBob(1, 'read before'), chatFromBob(2, 'came after')],
		attention: {...noAttention, unread: 1, marker: 2},
	});
	const {until, frame} = renderApp(service, 80, 12);
	await until((f) => f.includes('came after'));
	const rows = frame().split('\n');
	const marker = rows.findIndex((row) => row.includes(readMarkerText));
	assert.ok(marker > 0, frame());
	assert.match(rows[marker - 1] ?? '', /read before/v);
	assert.match(rows[marker + 1] ?? '', /came after/v);
	assert.match(rows[marker] ?? '', /^ ─+ new since you stopped reading ─+/v);
	assert.match(frame(), /1 unread/v, 'in the status line');
	service.update({attention: noAttention});
	await until((f) => !f.includes(readMarkerText));
});

test('scrolling back and returning tell the service; so does typing a line', async () => {
	const service = new FakeChatService({entries: makeEntries(100)});
	const {until, stdin} = renderApp(service, 80, 14);
	await until((f) => f.includes('message 100'));
	await press(stdin, keys.pageUp);
	await until((f) => f.includes('scrolled back'));
	await waitFor(
		() => service.callsOf('setFollowing').length === 1,
		() => JSON.stringify(service.calls),
	);
	await press(stdin, keys.newest);
	await until((f) => !f.includes('scrolled back'));
	await waitFor(
		() => service.callsOf('setFollowing').length === 2,
		() => JSON.stringify(service.calls),
	);
	assert.deepEqual(service.callsOf('setFollowing'), [[false], [true]]);
	const before = service.callsOf('markRead').length;
	await press(stdin, 'hi');
	await until((f) => f.includes('hi'));
	await press(stdin, keys.enter);
	await waitFor(
		() => service.callsOf('send').length === 1,
		() => JSON.stringify(service.calls),
	);
	assert.equal(service.callsOf('markRead').length, before + 1);
});

test('/away sets the away message, shown in the status line; /away again comes back', async () => {
	const service = new FakeChatService({nick: 'alice'});
	const {until, stdin, frame} = renderApp(service);
	await until((f) => f.includes('›'));
	await press(stdin, '/away lunch');
	await until((f) => f.includes('/away lunch'));
	await press(stdin, keys.enter);
	await until((f) => f.includes('away: lunch'));
	await press(stdin, '/away');
	await until((f) => f.includes('/away') && !f.includes('/away lunch'));
	await press(stdin, keys.enter);
	await until((f) => !f.includes('away: lunch'));
	assert.deepEqual(service.callsOf('setAway'), [['lunch'], [undefined]]);
	assert.ok(!frame().includes('away:'));
});

function startUi(service: FakeChatService, options: {bell?: boolean} = {}) {
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const done = runUi(service, {...asStreams(stdout, stdin), ...options});
	return {stdout, stdin, done};
}

test('the bell rings for a new mention, not for one from before; the title counts what waits', async () => {
	const service = new FakeChatService({
		nick: 'alice',
		attention: {...noAttention, lastMention: 1},
	});
	const {stdout, stdin, done} = startUi(service);
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	assert.ok(stdout.output.includes(title('p2p-chat · alice')));
	assert.ok(!stdout.output.includes(bell), 'an old mention rings nothing');
	service.update({
		attention: {...noAttention, unread: 2, mentions: 1, lastMention: 7},
	});
	await waitFor(
		() => stdout.output.includes(bell),
		() => JSON.stringify(stdout.output.slice(-300)),
	);
	assert.ok(stdout.output.includes(title('[2 · 1 mention] p2p-chat · alice')));
	assert.equal(stdout.output.split(bell).length, 2, 'once');
	service.update({attention: {...noAttention, lastMention: 7}});
	await waitFor(
		() => stdout.output.endsWith(title('p2p-chat · alice')),
		() => JSON.stringify(stdout.output.slice(-300)),
	);
	await press(stdin, keys.ctrlC);
	await done;
	// The terminal's own title comes back (from its title stack), then the screen.
	const end = stdout.output.slice(stdout.output.lastIndexOf('\u001B[23;0t'));
	assert.ok(end.endsWith('\u001B[?1049l\u001B[?25h'), JSON.stringify(end));
	assert.equal(stdout.output.split(bell).length, 2, 'rang once in all');
});

test('--no-bell: a mention rings nothing', async () => {
	const service = new FakeChatService({nick: 'alice'});
	const {stdout, stdin, done} = startUi(service, {bell: false});
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	service.update({attention: {...noAttention, mentions: 1, lastMention: 3}});
	await waitFor(
		() => stdout.output.includes('1 mention'),
		() => stdout.output,
	);
	await press(stdin, keys.ctrlC);
	await done;
	assert.ok(!stdout.output.includes(bell));
});
