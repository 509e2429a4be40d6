/**
 * How far V8 lets the full-screen UI's heap grow between full collections.
 * Every frame Ink draws allocates a few megabytes (a grid of styled cells
 * for the whole screen, tokenised again each time) that die within a frame
 * or two. By default V8 lets the old generation grow to up to four times
 * what survived the last full collection before it collects again; with
 * the UI's 20-odd MB that are really alive, reading back through 100,000
 * stored lines with PgUp took the process from 124 MB to 208 MB of
 * resident memory, most of it garbage no collection had been asked to
 * find yet. Capping the growth at a quarter keeps it near what is alive
 * (under 150 MB in `bench/history.ts`) for no measurable extra CPU
 * (bench notes in docs/ARCHITECTURE.md, "Memory").
 *
 * V8 reads this flag each time it sets the next collection's limit, so it
 * takes effect when set while running; a headless node draws no frames
 * and keeps V8's default.
 */
import v8 from 'node:v8';

/** The old generation grows by at most this share before a full collection. */
export const heapGrowingPercent = 25;

/** Keep the heap near its live size from now on (this process). */
export function boundHeapGrowth(): void {
	v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}
