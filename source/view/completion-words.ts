/**
 * What Tab can complete to, read from a snapshot when Tab is pressed (so
 * the input box does not re-render on every message to keep it fresh):
 * the nicks of the peers, those who spoke last first, as irssi orders
 * them; then online peers, then the others. Our own nick is not there: our
 * lines are `own` entries, not peers' chat.
 */
import type {ChatSnapshot} from '../service/types.js';
import type {CommandInfo, CompletionWords} from './complete-line.js';

/** How far back the recent speakers are looked for (entries). */
const recentEntries = 300;

export function completionWords(
	snapshot: Pick<ChatSnapshot, 'entries' | 'hosts'>,
	commands: readonly CommandInfo[],
): CompletionWords {
	const {entries, hosts} = snapshot;
	const speakers: string[] = [];
	for (
		let index = entries.length - 1;
		index >= Math.max(0, entries.length - recentEntries);
		index--
	) {
		const entry = entries[index];
		if (entry?.kind === 'chat' && entry.source.type === 'native') {
			speakers.push(entry.source.nick);
		}
	}

	const peers = hosts.flatMap((host) => (host.kind === 'peer' ? [host] : []));
	const online = peers.filter((peer) => peer.state === 'online');
	const others = peers.filter((peer) => peer.state !== 'online');
	const nicks = [
		...new Set([
			...speakers,
			...[...online, ...others].map((peer) => peer.nick),
		]),
	].filter((nick) => !/\s/.test(nick) && nick !== '');
	const keysOf = new Map<string, string[]>();
	for (const peer of peers) {
		keysOf.set(peer.nick, [...(keysOf.get(peer.nick) ?? []), peer.fingerprint]);
	}

	const labels = nicks.flatMap((nick) => {
		const keys = keysOf.get(nick) ?? [];
		return keys.length > 1
			? [nick, ...keys.map((fingerprint) => `${nick}·${fingerprint}`)]
			: [nick];
	});
	const addresses = hosts.flatMap((host) =>
		host.kind === 'peer'
			? host.address === undefined
				? []
				: [host.address]
			: [host.id],
	);
	return {commands, nicks, labels, addresses: [...new Set(addresses)]};
}
