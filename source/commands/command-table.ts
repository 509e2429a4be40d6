/**
 * Every slash command, in the order `/help` lists them. Reading a line,
 * dispatching it and the `/help` text are all derived from this table, as
 * cabal-cli does: a new command is one more entry here.
 */
import {isAddressError, parseHostPort} from '../protocol/address.js';
import {maxNickLength} from '../protocol/limits.js';
import {nickProblem} from '../protocol/nick.js';
import {defineCommand, noArguments, noteAll} from './command.js';
import {helpText} from './help-text.js';
import {historyLine} from './history-line.js';
import {messageArguments, topicLine} from './private-lines.js';
import {searchLines} from './search-lines.js';
import {connectLine, peersLines, whoisLines} from './peer-info.js';
import {inspect, map} from './pane-commands.js';

const help = defineCommand({
	name: 'help',
	usage: '/help',
	help: 'this list',
	parse: noArguments,
	run(_, {service}) {
		// Read when run: the list is built below, from the whole table.
		noteAll(service, helpLines);
	},
});

const nick = defineCommand({
	name: 'nick',
	usage: '/nick NAME',
	help: `change your nick (no spaces, at most ${maxNickLength} characters)`,
	parse(argument) {
		if (argument === '') return undefined;
		const problem = nickProblem(argument);
		// Said as a sentence: "A nick cannot contain spaces".
		if (problem !== undefined) {
			return problem.charAt(0).toUpperCase() + problem.slice(1);
		}

		return {nick: argument};
	},
	run({nick}, {service}) {
		// The service confirms the change in the log itself.
		service.setNick(nick);
	},
});

const connect = defineCommand({
	name: 'connect',
	usage: '/connect HOST:PORT',
	help: 'add a peer and contact it',
	parse(argument) {
		if (argument === '' || /\s/v.test(argument)) return undefined;
		// Caught here, the user is not told "Connecting to nonsense…" first.
		const parsed = parseHostPort(argument);
		return isAddressError(parsed)
			? `/connect: ${parsed.error}.`
			: {address: argument};
	},
	async run({address}, {service}) {
		service.note(`Connecting to ${address}…`);
		const host = await service.connect(address);
		service.note(connectLine(host, service.getSnapshot().network));
	},
});

const joinRoom = defineCommand({
	name: 'join-room',
	usage: '/join-room NAME',
	help: 'find peers anywhere by a room name (Hyperswarm DHT)',
	parse: (argument) => (argument === '' ? undefined : {name: argument}),
	async run({name}, {service}) {
		await service.joinRoom(name);
	},
});

const message = defineCommand({
	name: 'msg',
	usage: '/msg NICK TEXT',
	help: 'send TEXT privately to NICK, encrypted to its key',
	parse: messageArguments,
	async run({to, text}, {service}) {
		await service.send(text, {to});
	},
});

const query = defineCommand({
	name: 'query',
	usage: '/query [NICK]',
	help: 'send what you type privately to NICK, until /query alone',
	parse: (argument) => ({to: argument === '' ? undefined : argument}),
	run({to}, {service}) {
		service.setQuery(to);
	},
});

const me = defineCommand({
	name: 'me',
	usage: '/me TEXT',
	help: 'an action, shown as "* nick TEXT" (private in a /query)',
	parse: (argument) => (argument === '' ? undefined : {text: argument}),
	async run({text}, {service}) {
		const to = service.queryKey();
		await service.send(text, {action: true, ...(to && {to})});
	},
});

const topic = defineCommand({
	name: 'topic',
	usage: '/topic [TEXT]',
	help: 'show the topic, or set it for everyone (-delete clears it)',
	parse: (argument) => ({text: argument === '' ? undefined : argument}),
	async run({text}, {service}) {
		if (text === undefined) {
			service.note(topicLine(service.getSnapshot().topic));
			return;
		}

		await service.setTopic(text === '-delete' ? '' : text);
	},
});

const peers = defineCommand({
	name: 'peers',
	usage: '/peers',
	help: 'list known peers',
	parse: noArguments,
	run(_, {service}) {
		noteAll(service, peersLines(service.getSnapshot()));
	},
});

const whois = defineCommand({
	name: 'whois',
	// NICK: Tab completes a nick there. A label or a fingerprint works too.
	usage: '/whois NICK',
	help: 'keys, addresses and links of NICK (or of nick·fingerprint, or a fingerprint)',
	// The whole argument: a peer's nick is whatever its HELLO said.
	parse: (argument) => (argument === '' ? undefined : {peer: argument}),
	run({peer}, {service}) {
		noteAll(service, whoisLines(service.getSnapshot(), peer));
	},
});

const history = defineCommand({
	name: 'history',
	usage: '/history',
	help: 'how much of the conversation is kept, and where',
	parse: noArguments,
	run(_, {service}) {
		service.note(historyLine(service.historySummary()));
	},
});

const search = defineCommand({
	name: 'search',
	usage: '/search TEXT',
	help: 'list the newest stored lines that contain TEXT',
	// The whole argument, spaces and quotes included: it is searched as typed.
	parse: (argument) => (argument === '' ? undefined : {text: argument}),
	run({text}, {service}) {
		noteAll(service, searchLines(text, service.search(text)));
	},
});

const jump = defineCommand({
	name: 'jump',
	usage: '/jump N',
	help: 'scroll to result N of the last /search (Alt-End returns)',
	parse(argument) {
		if (!/^\d+$/v.test(argument)) return undefined;
		const number = Number(argument);
		return number >= 1 && Number.isSafeInteger(number)
			? {number}
			: 'Results are numbered from 1.';
	},
	run({number}, {service}) {
		service.jump(number);
	},
});

const away = defineCommand({
	name: 'away',
	usage: '/away [MESSAGE]',
	help: 'be away (lines wait as unread); /away again to come back',
	// The whole argument, as typed; peers are not told (see README).
	parse: (argument) => ({message: argument}),
	run({message}, {service}) {
		const {away} = service.getSnapshot().attention;
		service.setAway(away === undefined || message !== '' ? message : undefined);
	},
});

const clear = defineCommand({
	name: 'clear',
	usage: '/clear',
	help: 'clear the message pane',
	parse: noArguments,
	run(_, {service}) {
		service.clear();
	},
});

/** How long `/quit MESSAGE` waits for the line to be taken before leaving. */
const farewellWaitMs = 1000;

const quit = defineCommand({
	name: 'quit',
	usage: '/quit [MESSAGE]',
	help: 'leave, saying MESSAGE to the others first (Ctrl-C on an empty line too)',
	// The whole argument: it is sent as a line of its own.
	parse: (argument) => ({message: argument}),
	async run({message}, {service, quit}) {
		if (message !== '') {
			// Written to every link at once; a moment for the acks (and for
			// legacy hosts, reached one connection each), never longer.
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				service.send(message),
				new Promise((resolve) => {
					timer = setTimeout(resolve, farewellWaitMs);
				}),
			]).finally(() => {
				clearTimeout(timer);
			});
		}

		quit();
	},
});

/** The commands, in `/help` order. */
export const commandTable = [
	help,
	nick,
	message,
	query,
	me,
	topic,
	connect,
	joinRoom,
	peers,
	whois,
	history,
	search,
	jump,
	inspect,
	map,
	away,
	clear,
	quit,
] as const;

/** The `/help` text, one notice per line. */
export const helpLines: readonly string[] = helpText(commandTable);
