/**
 * The simulator's clock: a binary heap of events ordered by time, then by
 * the order they were scheduled, so two runs with one seed are identical.
 */

type Scheduled = {
	readonly at: number;
	readonly order: number;
	readonly run: () => void;
};

export class EventQueue {
	now = 0;
	/** Events run so far (the simulator bounds this). */
	ran = 0;
	readonly #heap: Scheduled[] = [];
	#order = 0;

	get size(): number {
		return this.#heap.length;
	}

	at(time: number, run: () => void): void {
		this.#push({at: Math.max(time, this.now), order: this.#order++, run});
	}

	/** Run every event due up to `time` (at most `maxEvents`), then set the clock to `time`. */
	runUntil(time: number, maxEvents: number): void {
		while (this.#heap.length > 0 && this.#heap[0]!.at <= time) {
			if (this.ran >= maxEvents) {
				throw new Error(
					`simulation ran over its budget of ${maxEvents} events`,
				);
			}

			const next = this.#pop();
			this.now = next.at;
			this.ran++;
			next.run();
		}

		this.now = Math.max(this.now, time);
	}

	#push(item: Scheduled): void {
		const heap = this.#heap;
		heap.push(item);
		let index = heap.length - 1;
		while (index > 0) {
			const parent = Math.floor((index - 1) / 2);
			if (!before(heap[index]!, heap[parent]!)) break;
			[heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
			index = parent;
		}
	}

	#pop(): Scheduled {
		const heap = this.#heap;
		const top = heap[0]!;
		const last = heap.pop()!;
		if (heap.length > 0) {
			heap[0] = last;
			let index = 0;
			for (;;) {
				const left = index * 2 + 1;
				const right = left + 1;
				let smallest = index;
				if (left < heap.length && before(heap[left]!, heap[smallest]!))
					smallest = left;
				if (right < heap.length && before(heap[right]!, heap[smallest]!))
					smallest = right;
				if (smallest === index) break;
				[heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
				index = smallest;
			}
		}

		return top;
	}
}

function before(a: Scheduled, b: Scheduled): boolean {
	return a.at === b.at ? a.order < b.order : a.at < b.at;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
/* eslint-disable no-bitwise -- mulberry32 is 32-bit integer arithmetic */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}
/* eslint-enable no-bitwise */
