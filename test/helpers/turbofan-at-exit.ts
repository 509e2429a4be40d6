/**
 * Preloaded into a node (`--import`): prints `turbofan: true` or `false`
 * on stderr as the process exits, whether V8 would optimise code then.
 */
import process from 'node:process';
import {writeSync} from 'node:fs';
import {turbofanNow} from './turbofan-probe.js';

process.on('exit', () => {
	writeSync(2, `turbofan: ${String(turbofanNow())}\n`);
});
