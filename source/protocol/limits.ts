/**
 * The limits a node holds others (and its user) to, in one place: the wire
 * decoders, intake, the CLI and the UI all read them from here, so a number
 * is never written twice and the messages that quote it stay true.
 */

/** Longest nick, in characters (a label, not an identity). */
export const maxNickLength = 32;

/** Longest chat line, in UTF-8 bytes (a native frame carries it whole). */
export const maxLineBytes = 32 * 1024;

/**
 * How far an author's clock may be from ours: a wider gap is a replay from
 * long ago or a broken clock.
 */
export const maxClockSkewMs = 10 * 60 * 1000;
