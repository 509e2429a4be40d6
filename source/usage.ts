/**
 * `--help` and `--version`, answered without loading anything heavy: the
 * CLI checks for them before it imports the node (`cli.tsx`), so they take
 * a few milliseconds, not the time the node's modules take to load. The
 * help is laid out as meow laid it out when it parsed the flags: the
 * description, then the usage indented by two spaces (`cli-flags.ts`
 * parses the flags now).
 */
import {readFileSync} from 'node:fs';

/** The flags' help, tab-indented in the source (`render` lays it out). */
export const helpText = `
	Usage
	  $ p2p-chat [options]
	  $ p2p-chat history [--data-dir <path> | --port <n>] [--json] [--limit <n>]
	    (prints a profile's stored conversation and exits; see history --help)
	  $ p2p-chat dht --host <public IPv4> [--port <n>]
	    (runs a DHT bootstrap node for --dht-bootstrap; see dht --help)

	Options
	  --port <n>               Port to listen on (default 1248; 0 picks a free one)
	  --bootstrap <host:port>  A running node to join through; repeat for more.
	                           IPv4 (1.2.3.4:7001), IPv6 ([::1]:7001) or a host name
	  --room <name>            Join a room by name over the Hyperswarm DHT: peers
	                           anywhere on the internet find each other with no
	                           address typed (Hyperswarm punches through most
	                           NATs; not all); repeat for more rooms.
	                           With --secret, the room's DHT topic is secret too
	  --dht-bootstrap <host:port>
	                           A DHT node to start from instead of the public
	                           Hyperswarm ones (repeat for more); p2p-chat dht
	                           runs one
	  --host <addr>            Address to listen on (default 0.0.0.0, all IPv4)
	  --nick <name>            Your name, shown to peers (default: the one you last
	                           used with this profile, else your user name)
	  --secret <s>             Network secret: only peers that know it are let in,
	                           and plain-text (legacy) hosts are refused. Prefer the
	                           P2P_CHAT_SECRET environment variable (kept out of
	                           shell history and the process list)
	  --data-dir <path>        Folder of this node's profile: its identity key, the
	                           conversation, your nick, the peers met (dialed again
	                           at the next start) and the replay floors; one node
	                           at a time (default: one profile per port in your
	                           data folder; with --port 0 and no --data-dir, a new
	                           identity each run, nothing kept)
	  --no-history             Keep no conversation, nick or peers on disk (no
	                           rejoin without --bootstrap); the identity is still
	                           the profile's
	  --no-bell                Do not ring the terminal's bell when a line mentions
	                           your nick
	  --no-color               Draw without colour (as NO_COLOR=1 does)
	  --headless               No UI: read lines from stdin, print events to stdout
	  --exit-on-eof            With --headless: exit once input ends and every line
	                           has been answered (status 0 if all were delivered)
	  --help                   Show this help
	  --version                Show the version

	In the UI: type and press Enter to send. /help lists the commands
	(/nick, /connect, /join-room, /peers, /whois, /history, /search, /jump,
	/away, /clear, /quit);
	PgUp/PgDn scroll (PgUp on through the stored history), Alt-Home/Alt-End
	go to the oldest/newest; Up/Down recall, Tab completes; /help lists the keys.

	Examples
	  $ p2p-chat --port 7001
	  $ p2p-chat --port 7002 --bootstrap 127.0.0.1:7001
	  $ p2p-chat --room lobby
	  $ echo hello | p2p-chat --headless --port 0 --bootstrap 127.0.0.1:7001 --exit-on-eof
`;

/** The package's manifest: its version and description. */
function manifest(): {version: string; description: string} {
	const text = readFileSync(
		new URL('../package.json', import.meta.url),
		'utf8',
	);
	const parsed: unknown = JSON.parse(text);
	const field = (name: string): unknown =>
		typeof parsed === 'object' && parsed !== null
			? Reflect.get(parsed, name)
			: undefined;
	const version = field('version');
	const description = field('description');
	return {
		version: typeof version === 'string' ? version : '',
		description: typeof description === 'string' ? description : '',
	};
}

/** Lines without their common indentation, each indented by `indent` (blank lines stay blank). */
function redent(text: string, indent: string): string {
	const lines = text.split('\n');
	const indents = lines
		.filter((line) => /\S/v.test(line))
		.map((line) => /^[ \t]*/v.exec(line)![0].length);
	const common = indents.length > 0 ? Math.min(...indents) : 0;
	return lines
		.map((line) => (/\S/v.test(line) ? indent + line.slice(common) : line))
		.join('\n');
}

/** The help as printed: the description, then the flags. */
function render(description: string): string {
	const help = redent(
		helpText.replace(/\t+\n*$/v, '').replaceAll(/^\n+|\n+$/gv, ''),
		'  ',
	);
	const head = description === '' ? '' : redent(`\n${description}\n`, '  ');
	return `${head}\n${help}\n`;
}

/**
 * What `argv` asks to be printed: the help if `--help` is anywhere in it
 * (`p2p-chat --port 7001 --help` asks for help, it does not start a
 * node), else the version if `--version` is; undefined otherwise. A
 * subcommand (`history`, `dht`) answers its own `--help`.
 */
export function quickAnswer(argv: readonly string[]): string | undefined {
	if (argv[0] === 'history' || argv[0] === 'dht') return undefined;
	if (argv.includes('--help')) return `${render(manifest().description)}\n`;
	if (argv.includes('--version')) return `${manifest().version}\n`;
	return undefined;
}
