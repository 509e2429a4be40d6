/** UI folders and files: React and what serves it, above the service. */
const uiPaths = [
	'./source/components',
	'./source/hooks',
	'./source/context',
	'./source/commands',
	'./source/view',
	'./source/app.tsx',
	'./source/ui.tsx',
];

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
		files: ['source/cli.tsx', 'source/cli-run.tsx', 'scripts/**'],
		rules: {
			// Entry points: the exit status is their contract with the shell.
			'unicorn/no-process-exit': 'off',
		},
	},
	// The layering of docs/ARCHITECTURE.md (issue 9, item 8). Folder cycles
	// and fan-out are checked by scripts/check-layers.js (`npm run lint`);
	// import-x/no-cycle (on in xo) already refuses file-level cycles.
	{
		files: ['source/**'],
		settings: {
			// Our imports name the compiled `.js`; the files are `.ts`/`.tsx`.
			// Without the alias no relative import resolves, and the path
			// rules (and xo's import-x/no-cycle) silently check nothing.
			// Xo lists these without the dot, so import-x parses no imported
			// file and import-x/no-cycle finds nothing; with the dot it works.
			'import-x/extensions': ['.ts', '.tsx', '.js', '.jsx'],
			'import-x/resolver': {
				node: {
					extensions: ['.ts', '.tsx', '.js', '.jsx', '.json', '.node'],
					extensionAlias: {'.js': ['.ts', '.tsx', '.js']},
				},
			},
		},
		rules: {
			'import-x/no-restricted-paths': [
				'error',
				{
					zones: [
						{
							target: './source/protocol',
							from: './source',
							except: ['./protocol'],
							message:
								'protocol/ is pure: it imports only protocol/ (no node/, service/, UI or entry files).',
						},
						{
							target: uiPaths,
							from: './source/node',
							message:
								'The UI does not import node/: it reads the service (snapshot, events, actions).',
						},
						{
							target: './source/service',
							from: uiPaths,
							message: 'service/ does not import the UI.',
						},
					],
				},
			],
		},
	},
	{
		// Also by name, so the rule holds even where a path does not resolve.
		files: ['source/protocol/**'],
		rules: {
			'import-x/no-nodejs-modules': 'error',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: String.raw`^node:`,
							message:
								'protocol/ imports nothing from Node: inject clocks, randomness and crypto.',
						},
						{
							regex: String.raw`^(\.\./)+(node|service|components|hooks|context|commands|view)(/|$)`,
							message: 'protocol/ imports only protocol/.',
						},
						{
							regex: String.raw`^\.\./[^/]+$`,
							message:
								'protocol/ imports only protocol/ (not the entry files in source/).',
						},
					],
				},
			],
		},
	},
	{
		ignores: ['dist/**'],
	},
];

export default xoConfig;
