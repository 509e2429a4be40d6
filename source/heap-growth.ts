/**
 * How far V8 lets the full-screen UI's heap grow. Every frame Ink draws
 * allocates a few megabytes (a grid of styled cells for the whole screen,
 * tokenised again each time) that die within a frame or two. By default
 * V8 lets the old generation grow to up to four times what survived the
 * last full collection, plus the young generation's size, before it
 * collects again, and doubles the young generation (to 32 MB) when much
 * survives it. With the UI's 20-odd MB that are really alive, reading back
 * through 100,000 stored lines with PgUp took the process from 124 MB to
 * 208 MB resident, most of it garbage no collection had been asked to find
 * yet.
 *
 * So the UI lets the old generation grow by a quarter between full
 * collections, and keeps the young generation at the size start-up left
 * it (16 MB): 400 × PgUp then ends near 120 MB (bench/history.ts), for
 * no more CPU per page. V8's memory-saving mode (`--optimize-for-size`)
 * kept it lower still but cost 5 % to 110 % more CPU per frame.
 * docs/ARCHITECTURE.md ("Memory") has the measurements.
 *
 * V8 reads both flags each time it sizes the heap, so they take effect
 * when set while running; a headless node draws no frames and keeps V8's
 * defaults.
 */
import v8 from 'node:v8';

/** The old generation grows by at most this share before a full collection. */
export const heapGrowingPercent = 25;

/** Keep the heap near its live size from now on (this process). */
export function boundHeapGrowth(): void {
	v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
	// A factor of 1: the young generation no longer grows.
	v8.setFlagsFromString('--semi-space-growth-factor=1');
}
