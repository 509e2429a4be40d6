/**
 * Colours through the real Ink path, in a child process each (chalk settles
 * its colours once, when first loaded): every peer's nick in its key's
 * colour, a mention highlighted and marked, and with NO_COLOR (or
 * --no-color) not one escape sequence, the marks still there.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import process from 'node:process';
import {authorColour} from '../../source/view/author-colour.js';
import {caughtUpMark} from '../../source/view/entry-layout.js';
import {readMarkerText} from '../../source/view/read-marker.js';
import {fakeIdentity} from '../helpers/fake-service.js';

const escape = '\u001B';

/** The scene of `test/helpers/colour-scene.tsx`, drawn with `environment`. */
function drawn(environment: Record<string, string>, ...args: string[]): string {
	const {
		FORCE_COLOR: _force,
		NO_COLOR: _no,
		CI: _ci,
		CONTINUOUS_INTEGRATION: _continuous,
		...rest
	} = process.env;
	const output = execFileSync(
		process.execPath,
		['--import', 'tsx', 'test/helpers/colour-scene.tsx', ...args],
		// eslint-disable-next-line @typescript-eslint/naming-convention -- an environment variable
		{env: {...rest, TERM: 'xterm-256color', ...environment}, encoding: 'utf8'},
	);
	const parsed: unknown = JSON.parse(output);
	assert.ok(
		typeof parsed === 'object' &&
			parsed !== null &&
			'frame' in parsed &&
			typeof parsed.frame === 'string',
	);
	return parsed.frame;
}

/** The SGR sequences right before where `text` starts, on its line. */
function codesBefore(frame: string, text: string): string[] {
	const at = frame.indexOf(text);
	assert.ok(at !== -1, `${text} is drawn`);
	const line = frame.slice(frame.lastIndexOf('\n', at) + 1, at);
	const codes: string[] = [];
	let end = line.length;
	while (line[end - 1] === 'm') {
		const start = line.lastIndexOf(`${escape}[`, end - 1);
		if (start === -1 || !/^[\d;]*$/v.test(line.slice(start + 2, end - 1)))
			break;
		codes.unshift(line.slice(start, end));
		end = start;
	}

	return codes;
}

/** `frame` without its SGR sequences. */
function plain(frame: string): string {
	return frame
		.split(escape)
		.map((part, index) =>
			index === 0 ? part : part.replace(/^\[[\d;]*m/v, ''),
		)
		.join('');
}

const foreground = (colour: string) =>
	`${escape}[38;5;${/\((\d+)\)/v.exec(colour)?.[1]}m`;

test("each peer has its key's colour, never ours; a mention is reversed and marked", () => {
	const frame = drawn({});
	const bob = foreground(authorColour(fakeIdentity('bob').fingerprint));
	const carol = foreground(authorColour(fakeIdentity('carol').fingerprint));
	assert.notEqual(bob, carol, 'the two keys differ in colour');
	assert.ok(codesBefore(frame, '<bob>').includes(bob), 'bob in his colour');
	assert.ok(codesBefore(frame, '<carol>').includes(carol), 'carol in hers');
	assert.ok(
		codesBefore(frame, '<alice>').includes(`${escape}[36m`),
		'our own lines in cyan',
	);
	const mention = frame.slice(frame.indexOf('»'));
	assert.ok(codesBefore(mention, '<bob>').includes(bob), 'still his colour');
	assert.ok(codesBefore(mention, '<bob>').includes(`${escape}[7m`), 'reversed');
	assert.match(plain(frame), /13:04:05»<bob> alice: look here/v);
});

for (const [name, environment, args] of [
	// eslint-disable-next-line @typescript-eslint/naming-convention -- an environment variable
	['NO_COLOR=1', {NO_COLOR: '1'}, []],
	['--no-color', {}, ['--no-color']],
] as const) {
	test(`${name}: not one escape sequence, and the marks still say what colour said`, () => {
		const frame = drawn(environment, ...args);
		assert.ok(!frame.includes(escape), JSON.stringify(frame));
		assert.match(frame, /13:04:05»<bob> alice: look here/v);
		assert.ok(frame.includes(`13:04:05 ${caughtUpMark} <carol> late one`));
		assert.ok(frame.includes(readMarkerText), 'the read marker');
		assert.match(frame, /2 unread · 1 mention/v);
	});
}

test('an explicit FORCE_COLOR wins over NO_COLOR, as in Node', () => {
	// eslint-disable-next-line @typescript-eslint/naming-convention -- environment variables
	assert.ok(drawn({NO_COLOR: '1', FORCE_COLOR: '1'}).includes(escape));
});
