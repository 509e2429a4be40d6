#!/usr/bin/env node
/**
 * Entry point. `--help` and `--version` are answered here, before anything
 * heavy is loaded (Ink, React, libsodium and SQLite take most of a second
 * to load on a slow machine); anything else runs the node (`cli-run.tsx`).
 */
import process from 'node:process';
import {quickAnswer} from './usage.js';
import {boundYoungGeneration, pauseOptimisingCompiler} from './heap-growth.js';

const answer = quickAnswer(process.argv.slice(2));
if (answer === undefined) {
	// V8's optimising compiler until the node knows what it runs
	// (cli-run.tsx, ui.tsx); the young generation for good (heap-growth.ts).
	pauseOptimisingCompiler();
	boundYoungGeneration();
	await import('./cli-run.js');
} else {
	// Exit at once: a reader that stopped early (`| head`)
	// is not an error.
	process.stdout.write(answer);
	process.exit(0);
}
