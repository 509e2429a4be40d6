/**
 * Compact-encoding decodes `fixed32` and `fixed64` as views into the
 * buffer the frame was read from, and that buffer is often a whole chunk
 * of the socket (up to 64 KiB, holding several frames). Whatever keeps a
 * decoded key or signature (the peer book, the replay guard, Plumtree's
 * cache of payloads for GRAFTs) would keep the chunk alive with it: a
 * hostile run of 32 KiB lines held over 400 MB that way. These decoders
 * copy the bytes, so a decoded value holds only itself.
 */
import c from 'compact-encoding';

function owned(bytes: Uint8Array): Uint8Array {
	// `new Uint8Array(view)` copies; a Buffer's `slice` would not.
	return new Uint8Array(bytes);
}

/** `c.fixed32`, decoding to a copy. */
export const ownedFixed32 = {
	preencode: c.fixed32.preencode,
	encode: c.fixed32.encode,
	decode: (state: c.State): Uint8Array => owned(c.fixed32.decode(state)),
};

/** `c.fixed64`, decoding to a copy. */
export const ownedFixed64 = {
	preencode: c.fixed64.preencode,
	encode: c.fixed64.encode,
	decode: (state: c.State): Uint8Array => owned(c.fixed64.decode(state)),
};
