/**
 * The input box through the real Ink input path (ink-testing-library's
 * stdin, Ink's reading and splitting, our parser, the editor): pastes with
 * escape sequences in them, history, completion, Ctrl-C, Delete and
 * Backspace, keys in one burst with text; and random bytes that must
 * neither crash the UI nor lose what is typed after them.
 */
import process from 'node:process';
import {Buffer} from 'node:buffer';
import {setImmediate} from 'node:timers/promises';
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {render, cleanup} from 'ink-testing-library';
import App from '../../source/app.js';
import {
	FakeChatService,
	makeNativeHost,
	nativeAuthor,
} from '../helpers/fake-service.js';
import {seededRandom} from '../helpers/event-queue.js';
import {keys, waitFor} from './terminal-helpers.js';

afterEach(cleanup);

const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 1_000_000);

function setup(service = new FakeChatService()) {
	let quits = 0;
	const instance = render(
		<App
			service={service}
			size={{columns: 100, rows: 24}}
			onQuit={() => {
				quits++;
			}}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const until = async (check: (frame: string) => boolean) =>
		waitFor(
			() => check(frame()),
			() => `sent: ${JSON.stringify(service.callsOf('send'))}\n${frame()}`,
		);
	/** What the input line shows (the text after the prompt). */
	const line = () => /› (.*?) *│/v.exec(frame())?.[1] ?? '';
	const type = async (data: string | Uint8Array) => {
		// Bytes as a stream gives them: a Buffer, which Ink decodes as UTF-8
		// (process.stdin, set to utf8, hands over strings decoded the same way).
		const chunk = typeof data === 'string' ? data : Buffer.from(data);
		Reflect.apply(instance.stdin.write, instance.stdin, [chunk]);
		await setImmediate();
	};

	return {service, instance, frame, until, line, type, quits: () => quits};
}

const sent = (service: FakeChatService) =>
	service.callsOf('send').map(([text]) => String(text));

test('a paste with colour codes is typed as its text, and the UI stays up', async () => {
	const {service, until, line, type} = setup();
	await until((f) => f.includes('›'));
	// What tmux send-keys -l $'esc \e[31mRED\e[0m' writes: no paste markers.
	await type('esc \u001B[31mRED\u001B[0m');
	await until(() => line() === 'esc RED');
	await type(keys.enter);
	await until(() => sent(service).length === 1);
	assert.deepEqual(sent(service), ['esc RED']);
	// The same inside bracketed-paste markers, with an OSC title and a
	// hyperlink: the text goes in the line, nothing is sent yet.
	await type(
		`${keys.pasteStart}a\u001B]0;title\u0007b \u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\${keys.pasteEnd}`,
	);
	await until(() => line() === 'ab link');
	assert.equal(sent(service).length, 1);
	await type(keys.enter);
	await until(() => sent(service).length === 2);
	assert.equal(sent(service)[1], 'ab link');
});

test('a paste of several lines asks first: Enter sends them, Esc cancels', async () => {
	const {service, until, frame, line, type} = setup();
	await until((f) => f.includes('›'));
	await type('keep ');
	await type(`${keys.pasteStart}one\r\ntwo\r\n/quit\r\n${keys.pasteEnd}`);
	await until((f) =>
		f.includes('Paste of 3 lines: Enter sends them, Esc cancels'),
	);
	assert.match(frame(), /› keep one/v);
	assert.deepEqual(sent(service), []);
	await type(keys.escape);
	await until(() => !frame().includes('Paste of') && line() === 'keep');
	assert.deepEqual(sent(service), []);
	await type(`${keys.pasteStart}one\ntwo\n/quit${keys.pasteEnd}`);
	await until((f) => f.includes('Paste of 3 lines'));
	await type(keys.enter);
	await until(() => sent(service).length === 3);
	// The pasted "/quit" is a line of text, not the command.
	assert.deepEqual(sent(service), ['keep one', 'two', '/quit']);
});

test('Up recalls earlier lines, those of the profile first; Down comes back to the draft', async () => {
	const service = new FakeChatService();
	service.typed = ['from last time'];
	const {until, line, type} = setup(service);
	await until((f) => f.includes('›'));
	await type('first');
	await type(keys.enter);
	await type('second');
	await type(keys.enter);
	await until(() => sent(service).length === 2);
	assert.deepEqual(service.callsOf('keepInput'), [['first'], ['second']]);
	await type('draft');
	await type(keys.up);
	await until(() => line() === 'second');
	await type(keys.up);
	await type(keys.up);
	await until(() => line() === 'from last time');
	await type(keys.down);
	await until(() => line() === 'first');
	await type(keys.down);
	await type(keys.down);
	await until(() => line() === 'draft');
});

test('Tab completes nicks, commands and their arguments', async () => {
	const service = new FakeChatService({
		hosts: [
			makeNativeHost('127.0.0.1:7002', 'alice'),
			makeNativeHost('127.0.0.1:7003', 'albert'),
		],
	});
	service.addEntry({kind: 'chat', source: nativeAuthor('albert'), text: 'hi'});
	const {until, line, type} = setup(service);
	await until((f) => f.includes('albert'));
	// The last to speak comes first.
	await type('al');
	await type(keys.tab);
	await until(() => line() === 'albert:');
	await type(keys.tab);
	await until(() => line() === 'alice:');
	await type('hello');
	await until(() => line() === 'alice: hello');
	await type(keys.ctrlU);
	await type('/who');
	await type(keys.tab);
	await until(() => line() === '/whois');
	await type('ali');
	await type(keys.tab);
	await until(() => line() === '/whois alice');
	await type(keys.enter);
	await until(() =>
		service.callsOf('note').some(([text]) => String(text).includes('alice')),
	);
});

test('Ctrl-C clears a typed line without quitting, and quits on an empty one', async () => {
	const {service, until, line, type, quits} = setup();
	await until((f) => f.includes('›'));
	await type('half a thought');
	await until(() => line() === 'half a thought');
	await type(keys.ctrlC);
	await until((f) => f.includes('Type a message'));
	assert.equal(quits(), 0);
	assert.deepEqual(sent(service), []);
	await type(keys.ctrlY);
	await until(() => line() === 'half a thought');
	await type(keys.ctrlC);
	await type(keys.ctrlC);
	await waitFor(
		() => quits() === 1,
		() => 'no quit',
	);
});

test('Delete erases after the cursor, Backspace before it; Home and End move in the line', async () => {
	const {until, line, type} = setup();
	await until((f) => f.includes('›'));
	await type('abcd');
	await type(keys.left);
	await type(keys.left);
	await type(keys.delete);
	await until(() => line() === 'abd');
	await type(keys.backspace);
	await until(() => line() === 'ad');
	await type(keys.home);
	await type('>');
	await type(keys.end);
	await type('<');
	await until(() => line() === '>ad<');
});

test("readline's keys, as a terminal sends them, edit the line", async () => {
	const {until, line, type} = setup();
	await until((f) => f.includes('›'));
	const steps: Array<[keys: string, line: string]> = [
		['one two three', 'one two three'],
		['\u0001>', '>one two three'], // Ctrl-A
		['\u0005<', '>one two three<'], // Ctrl-E
		['\u0002\u0002\u0004', '>one two thre<'], // Ctrl-B twice, Ctrl-D
		['\u0006_', '>one two thre<_'], // Ctrl-F
		['\u001Bb\u001Bb|', '>one |two thre<_'], // Alt-B twice
		['\u001Bf#', '>one |two# thre<_'], // Alt-F
		['\u001B[1;5D\u001B[1;5D\u000B', '>'], // Ctrl-Left twice, Ctrl-K
		['\u0019', '>one |two# thre<_'], // Ctrl-Y
		['\u0017', '>one |two#'], // Ctrl-W (the space it leaves is not seen)
		['\u001B\u007F', '>one |'], // Alt-Backspace
		['\u0001\u001B[1;5C\u001Bd', '>one'], // Ctrl-A, Ctrl-Right, Alt-D
		['\u0015', 'Type a message, /help for commands'], // Ctrl-U: empty
	];
	for (const [typed, expected] of steps) {
		// eslint-disable-next-line no-await-in-loop -- each key after the last
		await type(typed);
		// eslint-disable-next-line no-await-in-loop
		await until(() => line() === expected).catch(() => {
			assert.fail(`${JSON.stringify(typed)}: "${line()}", not "${expected}"`);
		});
	}
});

test('a burst of abc, Ctrl-U, def leaves def in the line', async () => {
	const {until, line, type} = setup();
	await until((f) => f.includes('›'));
	await type('abc\u0015def');
	await until(() => line() === 'def');
});

/** Bytes that have broken terminal programs, and random ones. */
const nasty: Array<string | Uint8Array> = [
	'esc \u001B[31mRED\u001B[0m',
	'\u001B',
	'\u001B\u001B',
	'\u001B[',
	'\u001B]0;title',
	'\u001B]52;c;aGk=\u0007',
	'\u001BP1$r0m\u001B\\',
	keys.pasteStart,
	keys.pasteEnd,
	`${keys.pasteStart}${keys.pasteStart}x${keys.pasteEnd}${keys.pasteEnd}`,
	'\u001B[1;5',
	'\u001B[<0;1;1M\u001B[I\u001B[O',
	'\u009B31m',
	new Uint8Array([0xff, 0xfe, 0xc3]),
	new Uint8Array([0xe2, 0x82]),
	new Uint8Array([0xed, 0xa0, 0x80]),
	'\u0000\u0001\u0002\u001C\u001D\u001E\u001F',
	'\uD800',
	'\t\t\t\u001B[Z',
	'\u001B[A\u001B[A\u001B[B',
	`${'x'.repeat(5000)}\r`,
];

test(`no bytes on stdin crash the UI, and typing after them arrives whole (PROPERTY_SEED=${seed})`, async () => {
	const {service, until, line, type} = setup();
	await until((f) => f.includes('›'));
	const random = seededRandom(seed);
	const inputs = [...nasty];
	for (let round = 0; round < 120; round++) {
		const length = Math.floor(random() * 40);
		const bytes = Uint8Array.from({length}, () =>
			random() < 0.25 ? 0x1b : Math.floor(random() * 256),
		);
		inputs.push(random() < 0.5 ? bytes : Buffer.from(bytes).toString('latin1'));
	}

	for (const [index, input] of inputs.entries()) {
		/* eslint-disable no-await-in-loop -- each input after the last */
		await type(input);
		// Whatever state that left: end a paste, empty the line (Ctrl-E
		// Ctrl-U: the input may have moved the cursor), then type.
		await type(keys.pasteEnd);
		await type(`${keys.ctrlE}${keys.ctrlU}`);
		const words = `survivor ${index}`;
		await type(words);
		await until(() => line() === words);
		await type(keys.enter);
		await until(() => sent(service).at(-1) === words);
		/* eslint-enable no-await-in-loop */
	}
});
