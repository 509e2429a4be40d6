// After tsc: dist/cli.js and what it loads become a few bundled files
// (esbuild), so that starting the node reads a handful of files, not the
// hundreds of Ink, React and their helpers: resolving and reading them
// one by one was most of the start-up (issue 15). The dynamic imports stay
// separate chunks, so `--help` still loads almost nothing and the headless
// node never loads Ink. Native add-ons (better-sqlite3, sodium-native) are
// loaded from node_modules as before. The rest of dist/ (the library,
// `dist/index.js`) is tsc's output, untouched. Without esbuild (a partial
// install) dist/cli.js stays tsc's output, which works, only slower.
import process from 'node:process';
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
/** Chunk files are named `name-HASH.js`; tsc's files are kebab-case. */
const chunkName = /-[\dA-Z]{8}\.js$/v;

let esbuild;
try {
	esbuild = await import('esbuild');
} catch {
	process.stderr.write(
		'p2p-chat: esbuild not installed; dist/cli.js not bundled\n',
	);
	process.exit(0);
}

const entry = path.join(dist, 'cli.js');
if (readFileSync(entry, 'utf8').includes('__createRequire')) {
	// Bundled already: its chunks are what it imports now (run tsc first).
	process.stderr.write('p2p-chat: dist/cli.js is bundled already\n');
	process.exit(0);
}

for (const name of readdirSync(dist)) {
	if (chunkName.test(name)) rmSync(path.join(dist, name));
}

await esbuild.build({
	entryPoints: [entry],
	outdir: dist,
	allowOverwrite: true,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	chunkNames: '[name]-[hash]',
	// React's production build, as a shipped program runs it: its
	// development build checks every render (twice the time, more memory).
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads React's devtools (not installed) only when DEV=true, and
	// says how to install them if that fails: left to that moment. The
	// DHT (rooms) is loaded only when a room is joined, with its native
	// UDP add-on: left to node_modules as it is.
	external: [
		'better-sqlite3',
		'sodium-native',
		'react-devtools-core',
		'hyperswarm',
		'hyperdht',
		'udx-native',
	],
	// CommonJS packages inside an ES module bundle still call require().
	banner: {
		js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
