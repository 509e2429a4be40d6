/**
 * Classify a typed line: a slash command, a chat line, or nothing. Pure: no
 * service, no I/O, so every rule (escapes, nick limits) is tested directly.
 */
import {isAddressError, parseHostPort} from '../protocol/address.js';
import {maxNickLength} from '../limits.js';

/** A typed line, classified. */
export type Command =
	/** An empty line: nothing is sent (whitespace-only lines are, as in the seed). */
	| {readonly type: 'none'}
	| {readonly type: 'send'; readonly text: string}
	| {readonly type: 'help'}
	| {readonly type: 'nick'; readonly nick: string}
	| {readonly type: 'connect'; readonly address: string}
	| {readonly type: 'peers'}
	| {readonly type: 'whois'; readonly nick: string}
	| {readonly type: 'clear'}
	| {readonly type: 'quit'}
	/** A known command used wrongly; `message` says how to use it. */
	| {readonly type: 'invalid'; readonly message: string}
	/** `name` includes the slash, e.g. `/foo`. */
	| {readonly type: 'unknown'; readonly name: string};

/** Parse one line as typed (without its line break). */
export function parseCommand(line: string): Command {
	if (line === '') {
		return {type: 'none'};
	}

	if (!line.startsWith('/')) {
		return {type: 'send', text: line};
	}

	// `//text` is the escape for a chat line that starts with a slash.
	if (line.startsWith('//')) {
		return {type: 'send', text: line.slice(1)};
	}

	const match = /^\/(\S*)\s*([\s\S]*)$/v.exec(line);
	const name = (match?.[1] ?? '').toLowerCase();
	const argument = (match?.[2] ?? '').trim();
	switch (name) {
		case 'help': {
			return {type: 'help'};
		}

		case 'nick': {
			return parseNick(argument);
		}

		case 'connect': {
			return parseConnect(argument);
		}

		case 'peers': {
			return {type: 'peers'};
		}

		case 'whois': {
			// The whole argument: a peer's nick is whatever its HELLO said.
			return argument === ''
				? {type: 'invalid', message: 'Usage: /whois NICK'}
				: {type: 'whois', nick: argument};
		}

		case 'clear': {
			return {type: 'clear'};
		}

		case 'quit': {
			return {type: 'quit'};
		}

		default: {
			return {type: 'unknown', name: `/${match?.[1] ?? ''}`};
		}
	}
}

function parseNick(argument: string): Command {
	if (argument === '') {
		return {type: 'invalid', message: 'Usage: /nick NAME'};
	}

	if (/\s/v.test(argument)) {
		return {type: 'invalid', message: 'A nick cannot contain spaces'};
	}

	if ([...argument].length > maxNickLength) {
		return {
			type: 'invalid',
			message: `A nick is at most ${maxNickLength} characters`,
		};
	}

	return {type: 'nick', nick: argument};
}

function parseConnect(argument: string): Command {
	if (argument === '' || /\s/v.test(argument)) {
		return {type: 'invalid', message: 'Usage: /connect HOST:PORT'};
	}

	// Caught here, the user is not told "Connecting to nonsense…" first.
	const parsed = parseHostPort(argument);
	return isAddressError(parsed)
		? {type: 'invalid', message: `/connect: ${parsed.error}.`}
		: {type: 'connect', address: argument};
}
