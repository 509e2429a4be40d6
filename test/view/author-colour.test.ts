import test from 'node:test';
import assert from 'node:assert/strict';
import {authorColour, authorPalette} from '../../source/view/author-colour.js';

/**
 * The basic colour (SGR 30-37, 90-97) a 256-colour code falls back to on
 * a 16-colour terminal, as chalk (ansi-styles' ansi256ToAnsi) computes it.
 */
function basicOf(code: number): number {
	if (code < 8) return 30 + code;
	if (code < 16) return 90 + (code - 8);
	const cube = code - 16;
	const red = Math.floor(cube / 36) / 5;
	const green = Math.floor((cube % 36) / 6) / 5;
	const blue = (cube % 6) / 5;
	const value = Math.max(red, green, blue) * 2;
	if (value === 0) return 30;
	const basic =
		30 + Math.round(blue) * 4 + Math.round(green) * 2 + Math.round(red);
	return value === 2 ? basic + 60 : basic;
}

/** SGR numbers of the basic colours, by name. */
const names = new Map([
	[31, 'red'],
	[32, 'green'],
	[33, 'yellow'],
	[34, 'blue'],
	[35, 'magenta'],
	[36, 'cyan'],
	[92, 'bright green'],
	[94, 'bright blue'],
	[95, 'bright magenta'],
]);

test("no palette colour is, or falls back to, our cyan, the notices' yellow or the errors' red", () => {
	assert.equal(new Set(authorPalette).size, authorPalette.length);
	for (const colour of authorPalette) {
		const code = Number(/^ansi256\((\d+)\)$/v.exec(colour)?.[1]);
		assert.ok(code >= 16 && code < 232, `${colour}: a colour, not a grey`);
		const basic = basicOf(code);
		assert.ok(
			[32, 34, 35, 92, 94, 95].includes(basic),
			`${colour} falls back to ${names.get(basic) ?? basic}`,
		);
	}
});

test('the colour of a key is stable, and keys spread over the palette', () => {
	assert.equal(authorColour('1a2b3c4d'), authorColour('1a2b3c4d'));
	const used = new Set<string>();
	for (let index = 0; index < 200; index++) {
		used.add(authorColour(index.toString(16).padStart(8, '0')));
	}

	assert.equal(used.size, authorPalette.length, 'every colour is used');
	assert.notEqual(authorColour('1a2b3c4d'), authorColour('1a2b3c4e'));
});
