/**
 * The UI's module (Ink, React and the layout engine), loaded in the
 * environment they read as they load. Started early by `cli-run.tsx`, so
 * loading overlaps reading the profile and starting the node.
 */
import process from 'node:process';
import type {NodeConfig} from './config.js';
import {applyNoColor} from './no-color.js';
import type * as Ui from './ui.js';

/** Start loading the UI; the promise is awaited later, or never. */
export async function loadUi(config: NodeConfig): Promise<typeof Ui> {
	// Ink draws only a final frame when it thinks it runs under CI (the CI
	// variable); a person at a terminal wants the live UI wherever they are.
	// Ink reads the variable when it is loaded, hence the late import.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	// Chalk, under Ink, reads FORCE_COLOR once, when it is loaded: set first.
	applyNoColor(process.env, config.color);
	const loading = withoutFetch(async () => import('./ui.js'));
	// Awaited later, or never (a profile in use ends the run first).
	loading.catch(() => undefined);
	return loading;
}

/**
 * Run `load` with the global `fetch` hidden until it settles. Ink's layout
 * engine (yoga-layout: WebAssembly that Emscripten built for the web) loads
 * its embedded `data:` URL through `fetch` whenever one exists, and Node 18+
 * has one: that loads Node's whole HTTP client (undici) and streams the
 * base64 through it. Without `fetch` it decodes the same bytes directly.
 * Measured here (load 7), importing yoga-layout took 29-38 ms instead of
 * 83-109 ms and left the process 7.6 MB smaller (issue 15). Nothing in
 * p2p-chat uses `fetch`; it is put back as it was, whatever `load` does.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (fetch === undefined) return load();
	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', fetch);
	}
}
