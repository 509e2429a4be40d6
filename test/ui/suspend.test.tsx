/**
 * SIGTSTP gives the terminal back before the process stops; SIGCONT takes
 * it again (raw mode set anew, alternate screen, cursor hidden, title) and
 * draws the whole frame, also after a stop from outside (SIGSTOP), which
 * sends no SIGTSTP first. Ctrl-Z, a key in raw mode, suspends as SIGTSTP.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {runUi} from '../../source/ui.js';
import {FakeChatService} from '../helpers/fake-service.js';
import {
	asStreams,
	FakeStdin,
	FakeStdout,
	keys,
	press,
	waitFor,
} from './terminal-helpers.js';

const enter = '\u001B[?1049h';
const leave = '\u001B[?1049l\u001B[?25h';

/** A terminal stdin whose raw mode is recorded. */
class RawStdin extends FakeStdin {
	isRaw = false;
	readonly modes: boolean[] = [];

	override setRawMode(mode = false): this {
		this.isRaw = mode;
		this.modes.push(mode);
		return this;
	}
}

function start() {
	const service = new FakeChatService({nick: 'alice'});
	const stdout = new FakeStdout();
	const stdin = new RawStdin();
	const signals = new EventEmitter();
	let stops = 0;
	const done = runUi(service, {
		...asStreams(stdout, stdin),
		signals,
		stopProcess() {
			stops++;
		},
	});
	return {stdout, stdin, signals, done, stops: () => stops};
}

test('SIGTSTP restores the terminal, then stops; SIGCONT takes it again and redraws', async () => {
	const {stdout, stdin, signals, done, stops} = start();
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	assert.equal(stdin.isRaw, true, 'Ink reads keys in raw mode');
	const before = stdout.writes.length;
	signals.emit('SIGTSTP');
	const suspended = stdout.writes.slice(before).join('');
	assert.ok(suspended.includes('\u001B[23;0t'), 'its own title back');
	assert.ok(suspended.endsWith(leave), 'main screen and cursor back');
	assert.equal(stdin.isRaw, false, 'line mode for the shell');
	assert.equal(stops(), 1, 'then stopped');

	const stopped = stdout.writes.length;
	signals.emit('SIGCONT');
	await waitFor(
		() => stdout.writes.slice(stopped).join('').includes('alice·'),
		() => JSON.stringify(stdout.writes.slice(stopped)),
	);
	const resumed = stdout.writes.slice(stopped).join('');
	assert.ok(resumed.startsWith(enter), 'the alternate screen again');
	assert.ok(resumed.includes('\u001B[?25l'), 'the cursor hidden again');
	assert.ok(resumed.includes('\u001B[22;0t'), 'our title again');
	assert.equal(stdin.isRaw, true, 'raw mode again');
	assert.ok(resumed.includes('Type a message'), 'the whole frame drawn');

	await press(stdin, keys.ctrlC);
	await done;
	assert.ok(stdout.output.endsWith(leave));
});

test('Ctrl-Z suspends as SIGTSTP does (raw mode hands it over as a key), and fg brings the chat back', async () => {
	const {stdout, stdin, signals, done, stops} = start();
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	await press(stdin, 'half');
	const before = stdout.writes.length;
	await press(stdin, '\u001A');
	await waitFor(
		() => stops() === 1,
		() => JSON.stringify(stdout.writes.slice(before)),
	);
	assert.ok(stdout.writes.slice(before).join('').endsWith(leave));
	assert.equal(stdin.isRaw, false, 'line mode for the shell');

	const stopped = stdout.writes.length;
	signals.emit('SIGCONT');
	await waitFor(
		() => stdout.writes.slice(stopped).join('').includes('half'),
		() => JSON.stringify(stdout.writes.slice(stopped)),
	);
	assert.equal(stdin.isRaw, true, 'raw mode again');
	assert.equal(stops(), 1);
	await press(stdin, keys.ctrlC);
	await press(stdin, keys.ctrlC);
	await done;
});

test('after a stop from outside, SIGCONT sets raw mode anew and redraws', async () => {
	const {stdout, stdin, signals, done} = start();
	await waitFor(
		() => stdout.output.includes('alice·'),
		() => stdout.output,
	);
	// SIGSTOP cannot be caught: the shell resets the terminal behind our
	// back, and Node still believes it is in raw mode.
	const modes = stdin.modes.length;
	const stopped = stdout.writes.length;
	signals.emit('SIGCONT');
	await waitFor(
		() => stdout.writes.slice(stopped).join('').includes('Type a message'),
		() => JSON.stringify(stdout.writes.slice(stopped)),
	);
	assert.deepEqual(stdin.modes.slice(modes), [false, true]);
	assert.ok(stdout.writes.slice(stopped).join('').startsWith(enter));
	await press(stdin, keys.ctrlC);
	await done;
	assert.equal(signals.listenerCount('SIGCONT'), 0, 'handlers removed');
	assert.equal(signals.listenerCount('SIGTSTP'), 0);
});
