/**
 * A set that forgets its oldest members past a limit: memory for "told the
 * user already" that remote input cannot grow without bound.
 */
export class BoundedSet {
	readonly #limit: number;
	readonly #items = new Set<string>();

	constructor(limit: number) {
		this.#limit = limit;
	}

	/** Add `key`; true if it was not there yet. */
	first(key: string): boolean {
		if (this.#items.has(key)) return false;
		this.#items.add(key);
		if (this.#items.size > this.#limit) {
			this.#items.delete(this.#items.values().next().value!);
		}

		return true;
	}
}
