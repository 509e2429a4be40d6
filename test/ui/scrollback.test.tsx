import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {Profiler} from 'react';
import {Box} from 'ink';
import {render, cleanup} from 'ink-testing-library';
import App from '../../source/app.js';
import {ChatProvider} from '../../source/context/chat-context.js';
import {commandTable} from '../../source/commands/command-table.js';
import {runLine} from '../../source/commands/run-command.js';
import {MessagePane} from '../../source/components/message-pane.js';
import {InputBox} from '../../source/components/input-box.js';
import {FakeChatService, makeEntries} from '../helpers/fake-service.js';
import {keys, press, waitFor} from './terminal-helpers.js';

afterEach(cleanup);

// 14 rows: 13 on screen, 4 for input and status, 9 for the message pane.
const size = {columns: 80, rows: 14};

function setup(count: number) {
	const service = new FakeChatService({entries: makeEntries(count)});
	const instance = render(<App service={service} size={size} />);
	const frame = () => instance.lastFrame() ?? '';
	const until = async (check: (frame: string) => boolean) =>
		waitFor(
			() => check(frame()),
			() => `frame was:\n${frame()}`,
		);
	/** The message numbers on screen, top to bottom. */
	const shown = () =>
		[...frame().matchAll(/message (\d+)/gv)].map((match) => Number(match[1]));
	return {service, instance, frame, until, shown};
}

test('the pane shows the newest entries that fit, and follows new ones', async () => {
	const {service, until, shown, frame} = setup(200);
	await until((f) => f.includes('message 200'));
	assert.deepEqual(shown(), [192, 193, 194, 195, 196, 197, 198, 199, 200]);
	service.addEntry({
		kind: 'chat',
		source: {type: 'legacy', address: '127.0.0.1:7002'},
		text: 'message 201',
	});
	await until((f) => f.includes('message 201'));
	assert.deepEqual(shown().at(-1), 201);
	assert.ok(!frame().includes('scrolled back'));
});

test('PgUp shows older lines and the indicator; PgDn and End return', async () => {
	const {instance, until, shown} = setup(200);
	await until((f) => f.includes('message 200'));
	await press(instance.stdin, keys.pageUp);
	await until((f) => f.includes('scrolled back'));
	// The old top entry is now the bottom one, above the indicator.
	assert.deepEqual(shown(), [185, 186, 187, 188, 189, 190, 191, 192]);
	await press(instance.stdin, keys.pageUp);
	await until(() => shown().at(-1) === 185);
	await press(instance.stdin, keys.pageDown);
	await until(() => shown().at(-1) === 192);
	await press(instance.stdin, keys.newest);
	await until((f) => !f.includes('scrolled back'));
	assert.equal(shown().at(-1), 200);
});

test("Alt-Home shows the oldest entries, Alt-End the newest; Home and End alone are the line's", async () => {
	const {instance, until, shown} = setup(200);
	await until((f) => f.includes('message 200'));
	await press(instance.stdin, keys.oldest);
	await until((f) => f.includes('message 1 '));
	assert.deepEqual(shown(), [1, 2, 3, 4, 5, 6, 7, 8]);
	// Another PgUp at the top stays there.
	await press(instance.stdin, keys.pageUp);
	assert.equal(shown()[0], 1);
	// Home and End alone move the cursor in the input line, not the view.
	await press(instance.stdin, keys.end);
	await press(instance.stdin, '\u001B[4~');
	await press(instance.stdin, 'x');
	await until((f) => f.includes('› x'));
	assert.deepEqual(shown(), [1, 2, 3, 4, 5, 6, 7, 8]);
	// Ctrl-End (and rxvt's form of it) works as Alt-End does.
	await press(instance.stdin, '\u001B[1;5F');
	await until((f) => f.includes('message 200'));
	await press(instance.stdin, '\u001B[7^');
	await until((f) => f.includes('message 1 '));
});

test('entries arriving while scrolled back are counted, not shown', async () => {
	const {service, instance, until, shown} = setup(200);
	await until((f) => f.includes('message 200'));
	await press(instance.stdin, keys.pageUp);
	await until((f) => f.includes('scrolled back · Alt-End to return'));
	const before = shown();
	for (let index = 201; index <= 212; index++) {
		service.addEntry({
			kind: 'chat',
			source: {type: 'legacy', address: '127.0.0.1:7002'},
			text: `message ${index}`,
		});
	}

	await until((f) => f.includes('12 new below'));
	assert.deepEqual(shown(), before, 'the view did not move');
	await press(instance.stdin, keys.newest);
	await until((f) => f.includes('message 212'));
	assert.ok(!instance.lastFrame()?.includes('new below'));
});

test('a late line put in above the view moves nothing, and is not new below', async () => {
	const {service, instance, until, shown, frame} = setup(200);
	await until((f) => f.includes('message 200'));
	await press(instance.stdin, keys.pageUp);
	await until((f) => f.includes('scrolled back'));
	const before = shown();
	// Caught up: older than what is on screen, numbered after everything,
	// in the middle of the log (where a search by id would look first).
	const {entries} = service.getSnapshot();
	const late = {...entries[0]!, id: 500, text: 'message 1000 (late)'};
	service.update({
		entries: [...entries.slice(0, 101), late, ...entries.slice(101)],
	});
	service.addEntry({
		kind: 'chat',
		source: {type: 'legacy', address: '127.0.0.1:7002'},
		text: 'message 201',
	});
	await until((f) => f.includes('1 new below'));
	assert.deepEqual(shown(), before, 'the view did not move');
	await press(instance.stdin, keys.pageUp);
	await until(() => shown().at(-1) === before[0]);
	assert.ok(frame().includes('1 new below'));
});

test('PgUp near the top of what is loaded reads older lines, and goes on through them; End lets them go', async () => {
	// Lines 1..30 are stored above the 60 in memory (31..90).
	const all = makeEntries(90);
	const service = new FakeChatService({entries: all.slice(30)});
	service.storedAbove = all.slice(0, 30).map((entry) => ({
		...entry,
		id: entry.id + 1000,
	}));
	service.pageSize = 10;
	const instance = render(<App service={service} size={size} />);
	const frame = () => instance.lastFrame() ?? '';
	const shown = () =>
		[...frame().matchAll(/message (\d+)/gv)].map((match) => Number(match[1]));
	await waitFor(() => shown().at(-1) === 90, frame);
	await press(instance.stdin, keys.pageUp);
	await waitFor(() => shown().at(-1) === 82, frame);
	assert.equal(service.callsOf('pageOlder').length, 0, 'far from the top yet');
	for (let page = 0; page < 20 && !shown().includes(1); page++) {
		// eslint-disable-next-line no-await-in-loop
		await press(instance.stdin, keys.pageUp);
	}

	await waitFor(() => shown()[0] === 1, frame);
	assert.ok(service.callsOf('pageOlder').length >= 3);
	assert.equal(service.storedAbove.length, 0, 'every stored line was read');
	await press(instance.stdin, keys.newest);
	await waitFor(() => shown().at(-1) === 90, frame);
	assert.equal(service.callsOf('dropPages').length, 1);
	assert.equal(service.getSnapshot().entries.length, 60);
});

test('/jump: the line asked for is shown near the top of the page', async () => {
	const {service, until, shown, frame} = setup(200);
	await until((f) => f.includes('message 200'));
	service.update({
		paging: {paged: 0, gap: false, focus: {id: 42}},
	});
	await until(() => shown()[1] === 42);
	assert.equal(shown()[0], 41, 'one line of context above');
	assert.ok(frame().includes('scrolled back'));
	assert.ok(!frame().includes('new below'));
});

test('PgDn towards lines left out below the paged ones reads them', async () => {
	const {service, instance, until} = setup(200);
	await until((f) => f.includes('message 200'));
	service.update({paging: {paged: 50, gap: true, focus: {id: 20}}});
	await until((f) => f.includes('message 20 '));
	await press(instance.stdin, keys.pageDown);
	await until(() => service.callsOf('pageNewer').length > 0);
});

test('with 10,000 entries only the visible slice is rendered', async () => {
	const {until, frame, shown} = setup(10_000);
	await until((f) => f.includes('message 10000'));
	assert.ok(!frame().includes('message 1 '));
	assert.ok(shown().length <= 9);
	assert.ok(shown().every((n) => n > 9990));
});

test('rendering, scrolling and typing never walk the whole log', async () => {
	// Count every read of an entry by index: mapping over the log would make
	// 10,000 of them.
	let reads = 0;
	const entries = new Proxy(makeEntries(10_000), {
		get(target, key, receiver) {
			if (typeof key === 'string' && /^\d+$/v.test(key)) {
				reads++;
			}

			return Reflect.get(target, key, receiver) as unknown;
		},
	});
	const service = new FakeChatService({entries});
	const instance = render(<App service={service} size={size} />);
	const frame = () => instance.lastFrame() ?? '';
	await waitFor(() => frame().includes('message 10000'), frame);
	assert.ok(reads < 200, `${reads} reads to render`);
	reads = 0;
	await press(instance.stdin, keys.pageUp);
	await waitFor(() => frame().includes('scrolled back'), frame);
	await press(instance.stdin, keys.oldest);
	await waitFor(() => frame().includes('message 1 '), frame);
	assert.ok(reads < 200, `${reads} reads to scroll`);
	reads = 0;
	await press(instance.stdin, 'typing here');
	await waitFor(() => frame().includes('typing here'), frame);
	assert.equal(reads, 0, 'typing reads no entries');
});

test('typing re-renders the input box, not the message pane', async () => {
	const service = new FakeChatService({entries: makeEntries(10_000)});
	let paneRenders = 0;
	const instance = render(
		<ChatProvider service={service} runLine={runLine}>
			<Box flexDirection="column">
				<Profiler
					id="pane"
					onRender={() => {
						paneRenders++;
					}}
				>
					<MessagePane width={80} height={9} />
				</Profiler>
				<InputBox width={80} commands={commandTable} />
			</Box>
		</ChatProvider>,
	);
	const frame = () => instance.lastFrame() ?? '';
	await waitFor(() => frame().includes('message 10000'), frame);
	const rendersBefore = paneRenders;
	assert.ok(rendersBefore > 0, 'the profiler sees the pane');
	for (const char of 'hello there') {
		// eslint-disable-next-line no-await-in-loop
		await press(instance.stdin, char);
	}

	await waitFor(() => frame().includes('hello there'), frame);
	assert.equal(paneRenders, rendersBefore);
});
