/**
 * How far V8 lets a node's heap grow. Every frame Ink draws in the UI
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
 * collections, and keeps the young generation at its size at start (bound
 * from the CLI's entry point: start-up's garbage had doubled it, for
 * nothing once the UI idles): 400 × PgUp then ends near 120 MB
 * (bench/history.ts), for no more CPU per page. V8's memory-saving mode (`--optimize-for-size`)
 * kept it lower still but cost 5 % to 110 % more CPU per frame.
 * docs/ARCHITECTURE.md ("Memory") has the measurements.
 *
 * A headless node draws nothing, but a flood does to it what frames do
 * to the UI: the hostile bench's signed lines, 32 KiB lines and churn of
 * 5,000 connections a second left alice at 291-331 MB resident with V8's
 * defaults, most of it garbage, where issue 10 asks for under 300 MB. With
 * the young generation kept at its start (1 MB) and the old one growing by
 * half between full collections, four runs peaked at 206-216 MB. The cost:
 * the flood phases' honest p99 rose from 77-100 ms to 97-117 ms (more
 * collections while both cores are busy), and one link's throughput did
 * not change measurably (CPU per 1 KB line within the runs' spread).
 *
 * V8 reads both flags each time it sizes the heap, so they take effect
 * when set while running.
 */
import v8 from 'node:v8';

/**
 * How much the old generation may grow between full collections: the UI's
 * frames are garbage within a frame or two (a quarter); a headless node's
 * lines in flight live longer (half: a quarter cost its flood p99 more).
 */
export const heapGrowingPercent = {ui: 25, headless: 50} as const;

/** Keep this process's heap near its live size from now on. */
export function boundHeapGrowth(mode: keyof typeof heapGrowingPercent): void {
	v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent[mode]}`);
	boundYoungGeneration();
}

/**
 * Keep the young generation at the size it has now. The CLI's entry point
 * sets it before anything is loaded: start-up's garbage otherwise doubled
 * it (V8's new space from 2.1 MB to 4.2 MB, committed and nearly empty
 * once the UI idles: about 1.7 MB more resident in a fresh UI node 5 s
 * after its first frame, median of 5; the first frame came no later).
 */
export function boundYoungGeneration(): void {
	// A factor of 1: the young generation no longer grows.
	v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Leave V8's optimising compiler (TurboFan) off while the node starts:
 * from the entry point until the UI has drawn its first frame, or until a
 * run that draws nothing knows it is one (`resumeOptimisingCompiler`).
 * Start-up runs much code a few hundred times (the bundle's module
 * helpers, loading Ink, React and the layout engine, the first render),
 * and V8 optimises it on its background threads, whose compiler memory
 * comes from a malloc arena per thread that keeps the freed pages. Measured
 * here (issue 15, medians of 5, 5 s after the first frame): a fresh UI node
 * kept 7-12 MB more resident in those arenas, for code start-up never
 * runs again. V8 reads the flag each time it decides to optimise, so code
 * that is hot once the node runs is optimised as before.
 */
export function pauseOptimisingCompiler(): void {
	v8.setFlagsFromString('--no-turbofan');
}

/** Let V8 optimise hot code again (see `pauseOptimisingCompiler`). */
export function resumeOptimisingCompiler(): void {
	v8.setFlagsFromString('--turbofan');
}
