/**
 * Reading what a thrown value says, without unchecked casts: Node's errors
 * carry a `code` (`EADDRINUSE`, `ENOTFOUND`, ...) that decides what we tell
 * the user.
 */
export function errorCode(error: unknown): string | undefined {
	if (
		error instanceof Error &&
		'code' in error &&
		typeof error.code === 'string'
	) {
		return error.code;
	}

	return undefined;
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
