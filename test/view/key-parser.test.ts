import process from 'node:process';
import test from 'node:test';
import assert from 'node:assert/strict';
import {Buffer} from 'node:buffer';
import {
	foldPastes,
	KeyParser,
	keyPress,
	type KeyEvent,
} from '../../source/view/key-parser.js';
import {seededRandom} from '../helpers/event-queue.js';

const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 1_000_000);

/** Parse chunks in order, then the pause after them. */
function parse(...chunks: Array<string | Uint8Array>): KeyEvent[] {
	const parser = new KeyParser();
	return merged([
		...chunks.flatMap((chunk) => parser.push(chunk)),
		...parser.flush(),
	]);
}

/** Adjacent text events as one (how they split depends on the chunks). */
function merged(events: readonly KeyEvent[]): KeyEvent[] {
	const out: KeyEvent[] = [];
	for (const event of events) {
		const last = out.at(-1);
		if (event.type === 'text' && last?.type === 'text') {
			out[out.length - 1] = {type: 'text', text: last.text + event.text};
		} else {
			out.push(event);
		}
	}

	return out;
}

const text = (value: string): KeyEvent => ({type: 'text', text: value});
const ctrl = (name: string) => keyPress(name, {ctrl: true});
const alt = (name: string) => keyPress(name, {meta: true});
const paste = (value: string, bracketed = true): KeyEvent => ({
	type: 'paste',
	text: value,
	bracketed,
});

test('text, control keys and text in one chunk are three events', () => {
	assert.deepEqual(parse('abc\u0015def'), [
		text('abc'),
		ctrl('u'),
		text('def'),
	]);
	assert.deepEqual(parse('a\rb\nc\r\nd'), [
		text('a'),
		keyPress('enter'),
		text('b'),
		keyPress('enter'),
		text('c'),
		keyPress('enter'),
		text('d'),
	]);
	// CR LF split between two reads is still one line break.
	assert.deepEqual(parse('c\r', '\nd'), parse('c\r\nd'));
});

test('Backspace and Delete are different keys', () => {
	assert.deepEqual(parse('\u007F'), [keyPress('backspace')]);
	assert.deepEqual(parse('\b'), [keyPress('backspace')]);
	assert.deepEqual(parse('\u001B[3~'), [keyPress('delete')]);
	assert.deepEqual(parse('\u0004'), [ctrl('d')]);
});

test('cursor, paging and function keys in the forms terminals send', () => {
	const cases: Array<[string, KeyEvent]> = [
		['\u001B[A', keyPress('up')],
		['\u001BOB', keyPress('down')],
		['\u001B[C', keyPress('right')],
		['\u001B[D', keyPress('left')],
		['\u001B[H', keyPress('home')],
		['\u001B[F', keyPress('end')],
		['\u001B[1~', keyPress('home')],
		['\u001B[4~', keyPress('end')],
		['\u001B[7~', keyPress('home')],
		['\u001BOH', keyPress('home')],
		['\u001B[5~', keyPress('pageup')],
		['\u001B[6~', keyPress('pagedown')],
		['\u001B[2~', keyPress('insert')],
		['\u001BOP', keyPress('f1')],
		['\u001B[[A', keyPress('f1')],
		['\u001B[15~', keyPress('f5')],
		['\u001B[24~', keyPress('f12')],
		['\u001B[Z', keyPress('tab', {shift: true})],
		['\u001B[1;5H', keyPress('home', {ctrl: true})],
		['\u001B[1;3F', keyPress('end', {meta: true})],
		['\u001B[1;5D', keyPress('left', {ctrl: true})],
		['\u001B[1;2A', keyPress('up', {shift: true})],
		['\u001B[5;5~', keyPress('pageup', {ctrl: true})],
		['\u001B[7^', keyPress('home', {ctrl: true})],
		['\u001B[8$', keyPress('end', {shift: true})],
		['\u001B\u001B[A', keyPress('up', {meta: true})],
	];
	for (const [input, expected] of cases) {
		assert.deepEqual(parse(input), [expected], JSON.stringify(input));
	}
});

test('Ctrl-letters, Alt-letters, Alt-Backspace', () => {
	assert.deepEqual(parse('\u0001\u0005\u0017\u0019'), [
		ctrl('a'),
		ctrl('e'),
		ctrl('w'),
		ctrl('y'),
	]);
	assert.deepEqual(parse('\u001Bb\u001Bf'), [alt('b'), alt('f')]);
	assert.deepEqual(parse('\u001BB'), [
		keyPress('b', {meta: true, shift: true}),
	]);
	assert.deepEqual(parse('\u001B\u007F'), [
		keyPress('backspace', {meta: true}),
	]);
	assert.deepEqual(parse('\u001C\u001F\u0000'), [
		ctrl('\\'),
		ctrl('_'),
		ctrl('space'),
	]);
});

test('a lone ESC is Escape once the input pauses, not before', () => {
	const parser = new KeyParser();
	assert.deepEqual(parser.push('x\u001B'), [text('x')]);
	assert.equal(parser.waiting, 'escape');
	assert.deepEqual(parser.flush(), [keyPress('escape')]);
	assert.equal(parser.waiting, undefined);
	// The rest of a sequence in the next read completes it.
	assert.deepEqual(parser.push('\u001B'), []);
	assert.deepEqual(parser.push('[A'), [keyPress('up')]);
	// An unfinished longer sequence is dropped at the pause, not typed.
	assert.deepEqual(parser.push('\u001B[1;'), []);
	assert.deepEqual(parser.flush(), []);
	assert.deepEqual(parser.push('q'), [text('q')]);
	// ESC [ at a pause is Alt-[.
	assert.deepEqual(parse('\u001B['), [keyPress('[', {meta: true})]);
	// A run of ESCs is Escape keys, however long.
	const many = parse('\u001B'.repeat(100_000));
	assert.ok(
		many.every((event) => event.type === 'key' && event.name === 'escape'),
	);
});

test('colour codes, OSC titles and terminal reports are swallowed, the text stays', () => {
	assert.deepEqual(parse('esc \u001B[31mRED\u001B[0m'), [text('esc RED')]);
	assert.deepEqual(parse('a\u001B]0;title\u0007b'), [text('ab')]);
	assert.deepEqual(
		parse('a\u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\b'),
		[text('alinkb')],
	);
	assert.deepEqual(parse('a\u001BP1$r0m\u001B\\b'), [text('ab')]);
	assert.deepEqual(
		parse('a\u001B[12;40Rb\u001B[?1;2cc\u001B[<0;3;4Md\u001B[Ie'),
		[text('abcde')],
	);
	// An OSC split over reads, and one that never ends before a pause.
	assert.deepEqual(parse('a\u001B]0;ti', 'tle\u0007b'), [text('ab')]);
	const parser = new KeyParser();
	assert.deepEqual(parser.push('a\u001B]0;never ends'), [text('a')]);
	assert.deepEqual(parser.flush(), []);
	assert.deepEqual(parser.push('typed'), [text('typed')]);
	// C1 controls and stray control bytes in the middle of a sequence.
	assert.deepEqual(parse('a\u009B31mb'), [text('a31mb')]);
	assert.deepEqual(parse('a\u001B[3\u0015b'), [
		text('a'),
		ctrl('u'),
		text('b'),
	]);
});

test('bracketed paste: one event, line breaks kept, escape sequences out', () => {
	assert.deepEqual(
		parse('x\u001B[200~one\r\ntwo\u001B[31m red\u001B[0m\tz\u001B[201~y'),
		[text('x'), paste('one\ntwo red\tz'), text('y')],
	);
	// Split anywhere, even inside the markers.
	const parser = new KeyParser();
	const events = [
		...parser.push('\u001B[20'),
		...parser.push('0~ab'),
		...parser.push('\u001B[2'),
	];
	assert.equal(parser.waiting, 'paste');
	assert.deepEqual(parser.flush(), [], 'a pause does not end a paste');
	events.push(...parser.push('01~'));
	assert.deepEqual(events, [paste('ab')]);
	// Keys inside a paste are not keys; a stray ESC before a letter leaves the letter.
	assert.deepEqual(parse('\u001B[200~a\u0003\u001B[Ab\u001Bc\u001B[201~'), [
		paste('abc'),
	]);
	// A paste whose end never comes is given back as it is.
	const open = new KeyParser();
	assert.deepEqual(open.push('\u001B[200~half'), []);
	assert.deepEqual(open.endPaste(), [paste('half')]);
	assert.deepEqual(open.push('k'), [text('k')]);
	// An empty paste is nothing.
	assert.deepEqual(parse('\u001B[200~\u001B[201~'), []);
});

test('invalid UTF-8 becomes U+FFFD, also split across reads; lone surrogates too', () => {
	assert.deepEqual(parse(new Uint8Array([0x61, 0xff, 0x62])), [
		text('a\uFFFDb'),
	]);
	const euro = Buffer.from('€');
	assert.deepEqual(parse(euro.subarray(0, 1), euro.subarray(1)), [text('€')]);
	assert.deepEqual(parse('a\uD800b\uDC00'), [text('a\uFFFDb\uFFFD')]);
	assert.deepEqual(parse('😀'), [text('😀')]);
});

test('several lines in one burst fold into a paste; a line and Enter do not', () => {
	assert.deepEqual(foldPastes(parse('abc\r')), [
		text('abc'),
		keyPress('enter'),
	]);
	assert.deepEqual(foldPastes(parse('one\ntwo\r\nthr')), [
		paste('one\ntwo\nthr', false),
	]);
	assert.deepEqual(foldPastes(parse('\u0001a\rb\r\u0005')), [
		ctrl('a'),
		paste('a\nb\n', false),
		ctrl('e'),
	]);
});

function isControl(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Random bytes, biased towards the ones that start or end sequences. */
function randomBytes(random: () => number, length: number): Uint8Array {
	const special = [0x1b, 0x5b, 0x5d, 0x4f, 0x07, 0x5c, 0x7e, 0x0d, 0x0a, 0x7f];
	return Uint8Array.from({length}, () =>
		random() < 0.3
			? special[Math.floor(random() * special.length)]!
			: Math.floor(random() * 256),
	);
}

test(`random bytes never throw, and how they are split into reads does not matter (PROPERTY_SEED=${seed})`, () => {
	const random = seededRandom(seed);
	for (let round = 0; round < 2000; round++) {
		const bytes = randomBytes(random, Math.floor(random() * 200));
		const whole = parse(bytes);
		const chunks: Uint8Array[] = [];
		for (let start = 0; start < bytes.length;) {
			const end = start + 1 + Math.floor(random() * 20);
			chunks.push(bytes.subarray(start, end));
			start = end;
		}

		assert.deepEqual(
			parse(...chunks),
			whole,
			`bytes ${Buffer.from(bytes).toString('hex')}`,
		);
		for (const event of whole) {
			if (event.type === 'text') {
				assert.ok(
					[...event.text].every((char) => !isControl(char)),
					JSON.stringify(event.text),
				);
			}
		}
	}
});

test(`printable text survives any escape sequences put between it (PROPERTY_SEED=${seed})`, () => {
	const random = seededRandom(seed + 1);
	const nasty = [
		'\u001B[31m',
		'\u001B[0m',
		'\u001B[38;2;1;2;3m',
		'\u001B]0;title\u0007',
		'\u001B]52;c;aGk=\u001B\\',
		'\u001BP+q544e\u001B\\',
		'\u001B[?2004h',
		'\u001B[12;40R',
		'\u001B[<35;1;1M',
		'\u001B[O',
		'\u001B_apc\u001B\\',
	];
	const words = [
		'a',
		'hello',
		'ä',
		'漢字',
		'😀',
		' ',
		'x y',
		'[',
		']',
		'~',
		'O',
	];
	for (let round = 0; round < 1000; round++) {
		let input = '';
		let expected = '';
		for (let part = 0; part < 10; part++) {
			const word = words[Math.floor(random() * words.length)]!;
			input += word;
			expected += word;
			if (random() < 0.5) input += nasty[Math.floor(random() * nasty.length)]!;
		}

		const events = parse(input);
		assert.deepEqual(
			events,
			expected === '' ? [] : [text(expected)],
			JSON.stringify(input),
		);
		// The same inside a bracketed paste.
		assert.deepEqual(parse(`\u001B[200~${input}\u001B[201~`), [
			paste(expected),
		]);
	}
});
