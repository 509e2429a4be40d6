/**
 * Why a profile's history cannot be opened, in a sentence for the user:
 * the CLI prints it and exits 1. Nothing is deleted or overwritten when
 * this is thrown.
 */
export class StoreError extends Error {
	override readonly name = 'StoreError';
}
