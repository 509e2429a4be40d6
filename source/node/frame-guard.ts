/**
 * Secret-stream reads a 3-byte length and buffers that many bytes (up to
 * 16 MiB) before it can decrypt or even authenticate anything. This guard
 * reads the same length prefixes from the raw socket, alongside it, and
 * destroys the socket at the first one over the limit, so an unauthenticated
 * peer cannot make us hold megabytes.
 */
import type {TransportSocket} from './transport.js';

/** Secret-stream's per-message overhead: the 17-byte secretstream tag, with room to spare. */
const overhead = 64;

export function guardFrameLengths(
	socket: TransportSocket,
	maxPayload: number,
	leftover: Uint8Array,
	onTooLong: (length: number) => void,
): void {
	const limit = maxPayload + overhead;
	let header = 0;
	let headerBytes = 0;
	let remaining = 0;
	const scan = (chunk: Uint8Array) => {
		let offset = 0;
		while (offset < chunk.length) {
			if (remaining > 0) {
				const step = Math.min(remaining, chunk.length - offset);
				remaining -= step;
				offset += step;
				continue;
			}

			header += chunk[offset]! * 256 ** headerBytes;
			headerBytes++;
			offset++;
			if (headerBytes === 3) {
				if (header > limit) {
					onTooLong(header);
					return;
				}

				remaining = header;
				header = 0;
				headerBytes = 0;
			}
		}
	};

	scan(leftover);
	socket.on('data', scan);
}
