/**
 * The runtime's turns (`node/inbound-turns.ts`), driven by hand: the turns
 * run when the test says (`defer` only queues them), the clock is a
 * counter, and the links are fakes that record being held and released.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import {
	InboundTurns,
	type HeldSource,
	type TurnLimits,
} from '../../source/node/inbound-turns.js';

/** A frame: who wrote it (a relayed author, or the link's own) and a label. */
type Frame = {readonly author?: string; readonly label: string};

class FakeLink implements HeldSource {
	held = false;
	holds = 0;
	hold(): void {
		this.held = true;
		this.holds++;
	}

	release(): void {
		this.held = false;
	}
}

const limits: TurnLimits = {
	ownFrames: 8,
	ownBytes: 1_000_000,
	linkBytes: 2_000_000,
	relayedFrames: 16,
	relayedBytes: 1_000_000,
	turnMs: 4,
	turnFrames: 256,
};

/** Turns over fake links: `handled` and `dropped` in order, `runTurn()` runs the next turn. */
function setup(overrides: Partial<TurnLimits> = {}, msPerFrame = 0) {
	const handled: string[] = [];
	const dropped: string[] = [];
	const queued: Array<() => void> = [];
	let clock = 0;
	const turns = new InboundTurns<string, Frame>({
		handle(key, frame) {
			handled.push(`${key}:${frame.label}`);
			clock += msPerFrame;
		},
		drop(key, frame) {
			dropped.push(`${key}:${frame.label}`);
		},
		authorOf: (frame) => frame.author,
		limits: {...limits, ...overrides},
		clock: () => clock,
		defer(run) {
			queued.push(run);
		},
	});
	const runTurn = () => {
		const run = queued.shift();
		assert.ok(run, 'a turn was scheduled');
		run();
	};

	const runAll = () => {
		for (let turn = 0; turn < 1000 && queued.length > 0; turn++) runTurn();
	};

	return {turns, handled, dropped, queued, runTurn, runAll};
}

/** `frames` from `link` (the link to `key`), 100 bytes each. */
function push(
	turns: InboundTurns<string, Frame>,
	[link, key]: [FakeLink, string],
	frames: Frame[],
): void {
	for (const frame of frames) turns.push(link, key, frame, 100);
}

/** `count` frames labelled by their index (and `prefix`), of `author` if given. */
function frames(count: number, prefix = '', author?: string): Frame[] {
	return Array.from({length: count}, (_, index) => ({
		label: `${prefix}${index}`,
		...(author === undefined ? {} : {author}),
	}));
}

test('frames are handled in turns, not as they are read, and in order per link', () => {
	const {turns, handled, queued, runAll} = setup();
	const link = new FakeLink();
	push(turns, [link, 'a'], frames(3));
	assert.deepEqual(handled, [], 'nothing is handled inside the read');
	assert.equal(queued.length, 1, 'one turn is scheduled');
	runAll();
	assert.deepEqual(handled, ['a:0', 'a:1', 'a:2']);
});

test("a flooding link's backlog does not delay another link's frame: one from each, round robin", () => {
	const {turns, handled, runTurn} = setup({ownFrames: 1000});
	const mallory = new FakeLink();
	const bob = new FakeLink();
	push(turns, [mallory, 'mallory'], frames(500));
	push(turns, [bob, 'bob'], frames(2, 'ping '));
	runTurn();
	assert.deepEqual(handled.slice(0, 4), [
		'mallory:0',
		'bob:ping 0',
		'mallory:1',
		'bob:ping 1',
	]);
});

test('a turn stops when its time is spent, and the rest waits for the next turn', () => {
	// Each frame takes 1 ms of the 4 ms turn.
	const {turns, handled, queued, runTurn} = setup({ownFrames: 1000}, 1);
	const link = new FakeLink();
	push(turns, [link, 'a'], frames(10));
	runTurn();
	assert.equal(handled.length, 4);
	assert.equal(queued.length, 1, 'the next turn is scheduled');
	runTurn();
	assert.equal(handled.length, 8);
});

test('a link whose own frames fill their queue is held (not read) until half of them were handled; none is dropped', () => {
	const {turns, handled, dropped, runTurn, runAll} = setup({turnFrames: 3});
	const link = new FakeLink();
	push(turns, [link, 'a'], frames(8));
	assert.equal(link.held, true, 'held at 8 waiting');
	runTurn();
	assert.equal(link.held, true, '5 still wait');
	runTurn();
	assert.equal(link.held, false, 'read again at 4 or fewer');
	// What it sent meanwhile (the frames TCP had already brought) still counts.
	push(turns, [link, 'a'], frames(2, 'late '));
	runAll();
	assert.equal(handled.length, 10);
	assert.deepEqual(dropped, []);
	assert.equal(handled.at(-1), 'a:late 1');
});

test("a relay's own line is handled before the backlog of an author it relays; that author's lines beyond its queue are dropped", () => {
	const {turns, handled, dropped, runAll} = setup();
	const relay = new FakeLink();
	push(turns, [relay, 'alice'], frames(40, 'm', 'mallory'));
	turns.push(relay, 'alice', {author: 'alice', label: 'pong'}, 100);
	assert.equal(relay.held, false, 'a relayed flood does not stop the reading');
	assert.equal(dropped.length, 40 - 16, "mallory's lines beyond 16 waiting");
	assert.deepEqual(dropped[0], 'alice:m16');
	runAll();
	assert.deepEqual(handled.slice(0, 2), ['alice:m0', 'alice:pong']);
	assert.equal(handled.length, 17);
});

test('a link that closes has what it brought handled at once, before the close is told; a stopped node handles nothing', () => {
	const {turns, handled, queued, runAll} = setup();
	const link = new FakeLink();
	push(turns, [link, 'a'], frames(3));
	turns.flush(link);
	assert.deepEqual(handled, ['a:0', 'a:1', 'a:2']);
	runAll();
	assert.equal(handled.length, 3, 'nothing twice');

	push(turns, [link, 'a'], frames(3, 'again '));
	turns.stop();
	for (const run of queued.splice(0)) run();
	push(turns, [link, 'a'], frames(1, 'after '));
	assert.equal(handled.length, 3);
});
