import test from 'node:test';
import assert from 'node:assert/strict';
import {NoticeThrottle} from '../../source/service/notice-throttle.js';

test('one source gets a few error lines, then a summary once its allowance is back', () => {
	let now = 0;
	const throttle = new NoticeThrottle(() => now);
	const shown = Array.from({length: 100}, (_, index) =>
		throttle.admit('10.0.0.1', `bad frame ${index}`),
	).filter((text) => text !== undefined);
	assert.equal(shown.length, 5);
	now += 2000;
	assert.equal(
		throttle.admit('10.0.0.1', 'bad frame 100'),
		'bad frame 100 (95 more like it from 10.0.0.1 not shown; all are counted.)',
	);
	// Another source is not held back by the first one's noise.
	assert.equal(throttle.admit('10.0.0.2', 'other'), 'other');
});

test('many sources together are bounded too', () => {
	const now = 0;
	const throttle = new NoticeThrottle(() => now);
	const shown = Array.from({length: 500}, (_, index) =>
		throttle.admit(`10.0.${Math.floor(index / 250)}.${index % 250}`, 'x'),
	).filter((text) => text !== undefined);
	assert.equal(shown.length, 20);
});
