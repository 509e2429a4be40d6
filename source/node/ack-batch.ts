/**
 * Acks wait for the end of this turn of the event loop: everything one read
 * brought is acked in one frame per link, not one frame per line.
 */
import type {PeerKey} from '../protocol/peer-key.js';

export class AckBatch {
	readonly #send: (to: PeerKey, seqs: readonly number[]) => void;
	readonly #pending = new Map<PeerKey, number[]>();
	#flushing: NodeJS.Immediate | undefined;

	/** `send`: write one ACK frame of `seqs` to the link to `to`, if it is still there. */
	constructor(send: (to: PeerKey, seqs: readonly number[]) => void) {
		this.#send = send;
	}

	/** Ack line `seq` to `to` at the end of this turn. */
	add(to: PeerKey, seq: number): void {
		const seqs = this.#pending.get(to);
		if (seqs) seqs.push(seq);
		else this.#pending.set(to, [seq]);
		this.#flushing ??= setImmediate(() => {
			this.flush();
		});
	}

	/** Send what waits now (the node is stopping: its links close next). */
	flush(): void {
		clearImmediate(this.#flushing);
		this.#flushing = undefined;
		for (const [key, seqs] of this.#pending) this.#send(key, seqs);
		this.#pending.clear();
	}
}
