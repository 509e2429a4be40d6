/**
 * What this node says: typed lines, actions (`/me`), private lines
 * (`/msg`, `/query`) and topic lines, each one signed line with its mark
 * (`protocol/line-marks.ts`), shown and stored as it will read on the
 * other screens, then published like any line: the mesh carries, acks
 * and catches up private lines as it does every other. Legacy hosts get
 * the plain form of a line (`marked-lines.ts`), never a private one.
 */
import {Buffer} from 'node:buffer';
import {normalizeTypedLine} from '../protocol/legacy-codec.js';
import {
	actionText,
	maxPrivateBytes,
	privateText,
	topicText,
} from '../protocol/line-marks.js';
import {maxLineBytes} from '../protocol/limits.js';
import {keyBytes, parsePeerKey, type PeerKey} from '../protocol/peer-key.js';
import type {Runtime} from '../node/runtime.js';
import type {Author} from './author.js';
import {findPeer, peerLabel} from './find-peer.js';
import {storedOwn} from './history.js';
import type {Hosts} from './hosts.js';
import {plainForm, privateLine, type ShownLine} from './marked-lines.js';
import {LinePublisher} from './publish-line.js';
import type {Report} from './report.js';
import type {Topic} from './topic.js';
import type {DeliveryReport, HostView, PeerName, SendOptions} from './types.js';

/** What speaking takes from the service. */
export type SpeakerDeps = {
	readonly author: Author;
	readonly now: () => number;
	readonly report: Report;
	readonly hosts: Hosts;
	readonly runtime: Runtime;
	readonly topic: Topic;
	/** Where this node listens, once it does (legacy hosts are told the port). */
	readonly listening: () => {host: string; port: number} | undefined;
	/** The sidebar's rows: the peers a name may mean. */
	readonly rows: () => readonly HostView[];
	/** The rooms joined over the DHT (where peers may still turn up). */
	readonly rooms: () => readonly string[];
};

/**
 * A name no peer has yet, while the node is still joining the mesh, is
 * looked for again this often, this many times (5 s): a script that pipes
 * `/msg carol ...` into a node just started must not fail because peer
 * exchange had not told it of carol yet.
 */
const joinPollMs = 100;
const joinPolls = 50;

const nothingSent: DeliveryReport = {
	parts: 0,
	delivered: [],
	failed: [],
	sent: [],
};

/** A peer a private line goes to. */
type Recipient = PeerName & {readonly publicKey: PeerKey};

export class Speaker {
	readonly #deps: SpeakerDeps;
	/** Sends our lines; follows them until each peer confirms or fails. */
	readonly #publisher: LinePublisher;
	/** Where typed lines go privately (`/query`), if anywhere. */
	#query: Recipient | undefined;
	/**
	 * Lines waiting behind a private line whose recipient the mesh has not
	 * told us of yet (`#joined`), in the order they were sent; none most of
	 * the time, and then every line goes out at once.
	 */
	#queue: Promise<unknown> | undefined;

	constructor(deps: SpeakerDeps) {
		this.#deps = deps;
		this.#publisher = new LinePublisher(deps);
	}

	/** The key of the open query's peer (a nick may change; the key does not). */
	get queryKey(): string | undefined {
		return this.#query?.publicKey;
	}

	/**
	 * The peer of the open query, by its nick in `rows` now (the one it had,
	 * if it is not there).
	 */
	queryIn(rows: readonly HostView[]): Recipient | undefined {
		const query = this.#query;
		if (!query) return undefined;
		const row = rows.find(
			(host) => host.kind === 'peer' && host.publicKey === query.publicKey,
		);
		return row?.kind === 'peer' && row.nick !== query.nick
			? {...query, nick: row.nick}
			: query;
	}

	async send(line: string, options: SendOptions = {}): Promise<DeliveryReport> {
		const typed = normalizeTypedLine(line);
		if (typed === undefined || !this.#deps.listening()) return nothingSent;
		if (typed.startsWith('\u0001')) {
			// Marks are made by /me, /msg and /topic, so a line reads the same everywhere.
			throw new Error(
				String.raw`A line cannot start with the byte \u0001 (it marks actions, topics and private lines). Nothing was sent.`,
			);
		}

		// A recipient not known yet waits for the mesh, and the lines after it wait too.
		const known =
			options.to === undefined ? undefined : this.#recipient(options.to);
		const waits = options.to !== undefined && known === undefined;
		return waits || this.#queue
			? this.#inTurn(async () => this.#sendNow(typed, options, known))
			: this.#sendNow(typed, options, known);
	}

	/** Set the topic (empty: clear it) with a topic line. */
	async setTopic(line: string): Promise<DeliveryReport> {
		const text = line.replace(/\r?\n$/, '');
		if (!this.#deps.listening()) return nothingSent;
		return this.#queue
			? this.#inTurn(async () => this.#topicNow(text))
			: this.#topicNow(text);
	}

	/** Open a query with `to`, or end the one open (`undefined`). */
	setQuery(to: string | undefined): void {
		const {report} = this.#deps;
		if (to === undefined) {
			const open = this.queryIn(this.#deps.rows());
			this.#query = undefined;
			report.note(
				open
					? `Query with ${peerLabel(open)} closed: lines you type go to everyone again.`
					: 'No query is open: lines you type go to everyone.',
			);
		} else {
			this.#query = this.#recipient(to) ?? this.#known(to);
			report.note(
				`Lines you type now go privately to ${peerLabel(this.#query)} (/query alone ends this).`,
			);
		}

		report.changed();
	}

	/** Send `typed` as `options` say; `known`: the recipient, if found already. */
	async #sendNow(
		typed: string,
		{to, action = false}: SendOptions,
		known: Recipient | undefined,
	): Promise<DeliveryReport> {
		if (to !== undefined) {
			const recipient = known ?? (await this.#joined(to));
			return this.#sendPrivate(typed, recipient, action);
		}

		const wire = action ? actionText(typed) : typed;
		fits(typed, maxLineBytes - (Buffer.byteLength(wire) - bytes(typed)));
		return this.#say(wire, {
			kind: 'shown',
			text: typed,
			style: action ? {type: 'action'} : undefined,
			stored: {text: wire, source: undefined},
		});
	}

	async #topicNow(text: string): Promise<DeliveryReport> {
		const wire = topicText(text);
		fits(text, maxLineBytes - (Buffer.byteLength(wire) - bytes(text)));
		return this.#say(wire, {
			kind: 'shown',
			text,
			style: {type: 'topic'},
			stored: {text: wire, source: undefined},
		});
	}

	/**
	 * The peer `name` means; undefined while no row has the name (yet);
	 * throws for a name that can never get a private line.
	 */
	#recipient(name: string): Recipient | undefined {
		// The query's peer by its key: still itself once the mesh forgot it.
		if (name === this.#query?.publicKey) return this.#query;
		const found = this.#find(name);
		if ('problem' in found) {
			if (found.why === 'unknown') return undefined;
			throw new Error(found.problem);
		}

		const {report} = this.#deps;
		const {peer} = found;
		const publicKey = parsePeerKey(peer.publicKey);
		if (publicKey === undefined) throw new Error(`${name} has no valid key.`);
		if (peer.state !== 'online') {
			report.note(
				`${peerLabel(peer)} is not online: it gets private lines when it is back, from peers that keep a history (catch-up).`,
			);
		}

		return {publicKey, nick: peer.nick, fingerprint: peer.fingerprint};
	}

	#find(name: string): ReturnType<typeof findPeer> {
		const {author, rows} = this.#deps;
		return findPeer(
			rows(),
			{publicKey: author.publicKey, nick: author.nick},
			name,
		);
	}

	/** The peer `name` means, or the error that no peer has it. */
	#known(name: string): Recipient {
		const found = this.#recipient(name);
		if (found) return found;
		const result = this.#find(name);
		throw new Error('problem' in result ? result.problem : `No peer ${name}.`);
	}

	/** Run `job` after the lines queued before it, in their order. */
	async #inTurn(job: () => Promise<DeliveryReport>): Promise<DeliveryReport> {
		const previous = this.#queue ?? Promise.resolve();
		const turn = previous.then(job);
		const done = turn.then(
			() => undefined,
			() => undefined,
		);
		this.#queue = done;
		void done.then(() => {
			if (this.#queue === done) this.#queue = undefined;
		});
		return turn;
	}

	/**
	 * The peer `name` means, once the mesh has told us of it, while this
	 * node is still joining (an address it was given is being dialed, or
	 * peers are coming in): within `joinPolls` looks.
	 */
	async #joined(name: string): Promise<Recipient> {
		for (let poll = 0; poll < joinPolls; poll++) {
			const found = this.#recipient(name);
			if (found) return found;
			if (!this.#joining()) break;
			// eslint-disable-next-line no-await-in-loop -- one look after another
			await new Promise((resolve) => {
				setTimeout(resolve, joinPollMs);
			});
		}

		return this.#known(name);
	}

	/**
	 * Still joining: a row is connecting, or native nodes are known (or
	 * addresses to try) and no link is up yet.
	 */
	#joining(): boolean {
		const rows = this.#deps.rows();
		return (
			rows.some((row) => row.state === 'connecting') ||
			(rows.some((row) => row.kind !== 'legacy') &&
				this.#deps.runtime.view.links.length === 0)
		);
	}

	async #sendPrivate(
		typed: string,
		to: Recipient,
		action: boolean,
	): Promise<DeliveryReport> {
		const inner = action ? actionText(typed) : typed;
		fits(typed, maxPrivateBytes - (bytes(inner) - bytes(typed)), 'private ');
		const box = this.#deps.author.box.seal(keyBytes(to.publicKey), inner);
		if (box === undefined) {
			throw new Error(
				`${peerLabel(to)}'s key cannot take a private line. Nothing was sent.`,
			);
		}

		return this.#say(
			privateText(to.publicKey, box),
			privateLine(inner, 'to', to.publicKey, to.nick),
		);
	}

	/**
	 * Sign `wire`, show and keep it as `shown`, and publish it; legacy
	 * hosts get its plain form, if it has one.
	 */
	async #say(wire: string, shown: ShownLine): Promise<DeliveryReport> {
		const {author, now, report, hosts, runtime, topic} = this.#deps;
		// Legacy hosts are told where we listen (we do: `send` checked).
		const port = this.#deps.listening()?.port ?? 0;
		const plain = plainForm(author.nick, shown, true);
		const outgoing = author.compose(wire, now(), port, plain);
		const {envelope} = outgoing;
		const {text, style} = shown;
		report.append(
			{
				kind: 'own',
				nick: author.nick,
				fingerprint: author.fingerprint,
				text,
				...(style && {style}),
			},
			{
				time: envelope.timestamp,
				stored: () => storedOwn(envelope, now(), shown.stored),
			},
		);
		if (style?.type === 'topic') {
			topic.consider({
				text,
				by: {nick: author.nick, fingerprint: author.fingerprint},
				time: envelope.timestamp,
				author: author.publicKey,
				seq: envelope.seq,
			});
		}

		if (
			hosts.size === 0 &&
			runtime.view.links.length === 0 &&
			runtime.view.peers().length === 0
		) {
			const [room] = this.#deps.rooms();
			report.note(
				room === undefined
					? 'No known peers yet: /connect HOST:PORT, or wait for someone to write.'
					: `No peer linked yet: still looking for others in room "${room}".`,
			);
		}

		return this.#publisher.publish(outgoing, text);
	}
}

function bytes(text: string): number {
	return Buffer.byteLength(text);
}

/** Throw the limit's message unless `text` (as typed) is at most `limit` bytes. */
function fits(text: string, limit: number, kind = ''): void {
	const size = bytes(text);
	if (size > limit) {
		throw new Error(
			`That ${kind}line is ${size} bytes; the limit is ${limit}. Nothing was sent.`,
		);
	}
}
