// `npm run demo [-- --nodes N]`: N chat nodes side by side in one tmux
// window, on free loopback ports, the first bare and each next one
// bootstrapped to the one before, exactly as the seed's README chains them.
import process from 'node:process';
import {execFileSync, spawnSync} from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const session = process.env.P2P_CHAT_DEMO_SESSION ?? 'p2p-chat-demo';

function usage(message) {
	process.stderr.write(
		`demo: ${message}\nusage: npm run demo [-- --nodes N]   (N from 1 to 9, default 3)\n`,
	);
	process.exit(2);
}

function parseNodes(argv) {
	let nodes = 3;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const inline = /^--nodes=(.*)$/.exec(arg);
		if (arg === '--nodes' || inline) {
			const value = inline ? inline[1] : argv[++i];
			if (
				!/^\d+$/.test(value ?? '') ||
				Number(value) < 1 ||
				Number(value) > 9
			) {
				usage(`--nodes: "${value ?? ''}" is not a number from 1 to 9`);
			}

			nodes = Number(value);
		} else {
			usage(`unknown argument "${arg}"`);
		}
	}

	return nodes;
}

async function freePort() {
	const server = net.createServer();
	await new Promise((resolve) => {
		server.listen({host: '127.0.0.1', port: 0}, resolve);
	});
	const {port} = server.address();
	await new Promise((resolve) => {
		server.close(resolve);
	});
	return port;
}

const nodes = parseNodes(process.argv.slice(2));
if (spawnSync('tmux', ['-V'], {stdio: 'ignore'}).error) {
	process.stderr.write(
		'demo: tmux is not installed. Install it (Debian/Ubuntu: apt-get install tmux; macOS: brew install tmux)\n' +
			'      or run nodes in separate terminals: npm start -- --port 7001, then npm start -- --port 7002 --bootstrap 127.0.0.1:7001\n',
	);
	process.exit(1);
}

if (
	spawnSync('tmux', ['has-session', '-t', session], {stdio: 'ignore'})
		.status === 0
) {
	process.stderr.write(
		`demo: a demo is already running. Attach: tmux attach -t ${session}   End it: tmux kill-session -t ${session}\n`,
	);
	process.exit(1);
}

const ports = [];
for (let i = 0; i < nodes; i++) {
	// Sequential on purpose: each bound-and-released port must differ from the last.
	// eslint-disable-next-line no-await-in-loop
	ports.push(await freePort());
}

const cli = path.join(root, 'dist', 'cli.js');
const command = (i) => {
	const args = [
		process.execPath,
		cli,
		'--host',
		'127.0.0.1',
		'--port',
		String(ports[i]),
		'--nick',
		`node${i + 1}`,
		// A profile per demo node (not per random port): repeated demos reuse identities.
		'--data-dir',
		path.join(os.tmpdir(), 'p2p-chat-demo', `node${i + 1}`),
	];
	if (i > 0) args.push('--bootstrap', `127.0.0.1:${ports[i - 1]}`);
	// Keep the pane open after the node exits, so its last words stay readable.
	return `${args.map((arg) => `'${arg}'`).join(' ')}; echo; echo '[node exited: press Enter to close this pane]'; read _`;
};

const tmux = (...args) =>
	execFileSync('tmux', args, {stdio: ['ignore', 'pipe', 'inherit']});
tmux(
	'new-session',
	'-d',
	'-s',
	session,
	'-x',
	'200',
	'-y',
	'50',
	'-c',
	root,
	command(0),
);
for (let i = 1; i < nodes; i++) {
	tmux('split-window', '-t', session, '-c', root, command(i));
	tmux('select-layout', '-t', session, 'tiled');
}

tmux('select-pane', '-t', `${session}:0.0`);
const lines = [
	`Started ${nodes} node${nodes === 1 ? '' : 's'} in tmux session "${session}":`,
	...ports.map(
		(port, i) =>
			`  node${i + 1}  127.0.0.1:${port}${i > 0 ? `  (bootstrap 127.0.0.1:${ports[i - 1]})` : ''}`,
	),
	'',
	`Attach:   tmux attach -t ${session}`,
	'          (move between panes: Ctrl-b then an arrow key; type /help in any pane)',
	`End it:   tmux kill-session -t ${session}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
