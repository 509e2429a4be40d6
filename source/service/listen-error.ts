import {errorCode, errorMessage} from '../node/error-info.js';

/** Turn a failed `listen()` into one line a user can act on. */
export function describeListenError(
	error: unknown,
	host: string,
	port: number,
): string {
	const code = errorCode(error);
	if (code === 'EADDRINUSE') {
		return `port ${port} is already in use on ${host}: stop the other program or choose another --port`;
	}

	if (code === 'EACCES') {
		return `not allowed to listen on port ${port} (ports below 1024 need privileges): choose another --port`;
	}

	if (
		code === 'EADDRNOTAVAIL' ||
		code === 'ENOTFOUND' ||
		code === 'EAI_AGAIN'
	) {
		return `${host} is not an address of this machine (--host)`;
	}

	return `cannot listen on ${host}:${port}: ${errorMessage(error)}`;
}
