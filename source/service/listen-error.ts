/** Turn a failed `listen()` into one line a user can act on. */
export function describeListenError(error: unknown, host: string, port: number): string {
	const code = (error as NodeJS.ErrnoException).code;
	switch (code) {
		case 'EADDRINUSE': {
			return `port ${port} is already in use on ${host}: stop the other program or choose another --port`;
		}

		case 'EACCES': {
			return `not allowed to listen on port ${port} (ports below 1024 need privileges): choose another --port`;
		}

		case 'EADDRNOTAVAIL': {
			return `${host} is not an address of this machine (--host)`;
		}

		default: {
			return `cannot listen on ${host}:${port}: ${(error as Error).message}`;
		}
	}
}
