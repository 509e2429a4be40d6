/**
 * Limits that several layers must agree on, written once. Pure constants:
 * any layer may import this module, and it imports nothing.
 */

/**
 * The longest nick, in characters (code points, not UTF-16 units): what
 * `/nick` and `--nick` accept, and what a peer's HELLO or signed line may
 * carry before it is refused.
 */
export const maxNickLength = 32;
