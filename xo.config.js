/** @type {import('xo').FlatXoConfig} */
const xoConfig = [
	{
		react: true,
		prettier: true,
		rules: {
			// Our patterns are ASCII; the `v` flag would only change how they escape.
			'require-unicode-regexp': 'off',
			// Node's EventEmitter gives typed events (`EventEmitter<Events>`); EventTarget does not.
			'unicorn/prefer-event-target': 'off',
			// The react-jsx transform: components never `import React`.
			'react/react-in-jsx-scope': 'off',
			'react/jsx-uses-react': 'off',
		},
	},
	{
		files: ['test/**'],
		rules: {
			// Node:test's test() returns a promise the runner itself awaits.
			'@typescript-eslint/no-floating-promises': 'off',
		},
	},
	{
		files: ['source/cli.tsx', 'scripts/**'],
		rules: {
			// Entry points: the exit status is their contract with the shell.
			'unicorn/no-process-exit': 'off',
		},
	},
	{
		ignores: ['dist/**'],
	},
];

export default xoConfig;
