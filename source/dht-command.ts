/**
 * `p2p-chat dht --host ADDR [--port N]`: run a HyperDHT bootstrap node, for
 * rooms on a LAN, a lab or a test (`--dht-bootstrap ADDR:PORT` on the
 * nodes), until Ctrl-C. HyperDHT's bootstrapper announces the address it is
 * given as its own, so it needs a concrete IPv4 address others reach it at
 * (not 0.0.0.0).
 */
import process from 'node:process';
import {parseArgs} from 'node:util';
import {isIPv4} from 'node:net';
import {parsePort} from './protocol/address.js';

export const dhtHelp = `
	Usage
	  $ p2p-chat dht --host <IPv4 address> [--port <n>]

	Runs a DHT bootstrap node until Ctrl-C: nodes started with
	--dht-bootstrap <address>:<port> find each other's rooms through it
	instead of the public Hyperswarm nodes.

	Options
	  --host <addr>  The IPv4 address the other nodes reach this machine at
	                 (required: the node announces it as its own; 0.0.0.0
	                 is not one)
	  --port <n>     UDP port (default 49737)
`;

/** Where the output goes. */
export type DhtCommandContext = {
	readonly write: (text: string) => void;
	readonly writeError: (text: string) => void;
	/** Resolves when the node should stop (Ctrl-C, SIGTERM by default). */
	readonly stopped?: Promise<void>;
};

/** Run the bootstrap node; the exit status (2: bad flags, 1: could not start). */
export async function runDhtCommand(
	argv: readonly string[],
	context: DhtCommandContext,
): Promise<number> {
	let values;
	try {
		({values} = parseArgs({
			args: [...argv],
			options: {
				host: {type: 'string'},
				port: {type: 'string'},
				help: {type: 'boolean', default: false},
			},
			strict: true,
			allowPositionals: false,
		}));
	} catch (error) {
		context.writeError(
			`p2p-chat dht: ${error instanceof Error ? error.message : String(error)} (see dht --help)\n`,
		);
		return 2;
	}

	if (values.help) {
		context.write(`${dhtHelp.trim().replaceAll(/^\t/gmv, '')}\n`);
		return 0;
	}

	const {host} = values;
	if (host === undefined || !isIPv4(host) || host === '0.0.0.0') {
		context.writeError(
			`p2p-chat dht: ${host === undefined ? '--host is needed' : `--host: "${host}" is not a concrete IPv4 address`}: give the IPv4 address the other nodes reach this machine at (HyperDHT's bootstrap node announces it as its own; 0.0.0.0 is not one)\n`,
		);
		return 2;
	}

	const port = parsePort(values.port ?? '49737');
	if (port === undefined || port === 0) {
		context.writeError(
			`p2p-chat dht: --port: "${values.port ?? ''}" is not a port; use a number from 1 to 65535\n`,
		);
		return 2;
	}

	// eslint-disable-next-line @typescript-eslint/naming-convention -- a class
	const {default: HyperDht} = await import('hyperdht');
	const node = HyperDht.bootstrapper(port, host);
	try {
		await node.ready();
	} catch (error) {
		context.writeError(
			`p2p-chat dht: cannot start on port ${port}: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		// A node that never bound fails its own destroy the same way.
		await node.destroy().catch(() => undefined);
		return 1;
	}

	context.write(
		`DHT bootstrap node at ${host}:${node.address().port}; start nodes with --dht-bootstrap ${host}:${node.address().port}. Ctrl-C stops it.\n`,
	);
	await (context.stopped ?? signalled());
	await node.destroy();
	return 0;
}

async function signalled(): Promise<void> {
	return new Promise((resolve) => {
		process.once('SIGINT', () => {
			resolve();
		});
		process.once('SIGTERM', () => {
			resolve();
		});
	});
}
