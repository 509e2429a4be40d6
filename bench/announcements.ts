/**
 * `npm run bench` (membership): what one announcement costs a node that
 * knows 1,000 peers, and what the periodic refresh costs the network in
 * bytes.
 *
 * 1. A membership holding a tree of 1,000 announced peers takes
 *    announcements as a flood brings them: refreshes that change nothing,
 *    then ones that each change a link. After each, if it says the peers
 *    changed, the peer list is read once (`peers()`), as the service's
 *    sync does once per turn (a flood brings about one per turn). No
 *    signature is checked (the node core does that before, the same either
 *    way): this is membership's own cost.
 * 2. The encoded size of a refresh: a whole ANNOUNCE with 5 and 8 links
 *    against the DIGEST that stands for it.
 * 3. A quiet simulated network of 100 nodes over three refresh periods:
 *    the bytes of every announcement frame sent, with digests and with
 *    every node acting as one that predates them.
 *
 * Prints a table and writes bench/reports/announcements-<date>.md. Loops
 * are bounded in count and in time. Times vary with what else runs on the
 * machine.
 */
import {performance} from 'node:perf_hooks';
import {
	digestOf,
	type Announcement,
} from '../source/protocol/gossip-messages.js';
import {Membership} from '../source/protocol/membership.js';
import {defaultMeshConfig} from '../source/protocol/mesh-config.js';
import {encodeFrame} from '../source/protocol/native-frames.js';
import {
	keyBytes,
	parsePeerKey,
	type PeerKey,
} from '../source/protocol/peer-key.js';
import {parseIp} from '../source/protocol/address.js';
import {Simulator} from '../test/helpers/simulator.js';
import {printAndWriteReport, type Row} from './table-report.js';

const rows: Row[] = [];
const peers = 1000;
const maxRounds = 20_000;
const maxMs = 3000;

function keyOf(index: number): PeerKey {
	return parsePeerKey((index + 1).toString(16).padStart(64, '0'))!;
}

const loopback = parseIp('127.0.0.1')!;

function announcement(
	origin: PeerKey,
	version: number,
	links: readonly PeerKey[],
): Announcement {
	return {
		origin: keyBytes(origin),
		version,
		nick: 'peer',
		leaving: false,
		links: links.map((link, index) => ({
			key: keyBytes(link),
			ip: loopback,
			port: 7000 + index,
		})),
		legacy: [],
		signature: new Uint8Array(64).fill(version % 251),
	};
}

/** A membership that knows a tree of `peers` announced peers, all reachable through one link. */
function knowing() {
	const self = keyOf(1_000_000);
	const member = new Membership({
		self,
		nick: 'me',
		config: {...defaultMeshConfig, maxPeers: 2 * peers},
		random: () => 0.5,
		sign: (unsigned) => ({...unsigned, signature: new Uint8Array(64)}),
	});
	const nodes = Array.from({length: peers}, (_, index) => ({
		key: keyOf(index),
		links: [] as PeerKey[],
	}));
	for (let index = 1; index < peers; index++) {
		const parent = nodes[Math.floor((index - 1) / 20)]!;
		parent.links.push(nodes[index]!.key);
		nodes[index]!.links.push(parent.key);
	}

	const root = nodes[0]!;
	root.links.push(self);
	member.linkUp(root.key, {ip: loopback, port: 7000}, 'root', 0);
	for (const node of nodes) {
		member.receive(root.key, announcement(node.key, 1, node.links), 1);
	}

	if (member.reachable().size !== peers) throw new Error('not all reachable');
	return {member, nodes, root};
}

/** Microseconds per announcement, and how many redrew the peer list. */
function perAnnouncement(changing: boolean): {
	micros: number;
	redraws: number;
	rounds: number;
} {
	const {member, nodes, root} = knowing();
	const leaf = nodes.at(-1)!;
	let version = 2;
	let redraws = 0;
	let rounds = 0;
	const started = performance.now();
	while (rounds < maxRounds && performance.now() - started < maxMs) {
		const node = changing ? leaf : nodes[rounds % peers]!;
		const links = changing && rounds % 2 === 0 ? [] : node.links;
		const effects = member.receive(
			root.key,
			announcement(node.key, version++, links),
			version,
		);
		if (effects.some((effect) => effect.type === 'peers-changed')) {
			redraws++;
			// What the service's sync reads after a change.
			member.peers();
		}

		rounds++;
	}

	const micros = ((performance.now() - started) * 1000) / rounds;
	return {micros, redraws, rounds};
}

for (const changing of [false, true]) {
	const {micros, redraws, rounds} = perAnnouncement(changing);
	const what = changing
		? 'a link changes (a leaf drops and retakes its link)'
		: 'a refresh that changes nothing';
	rows.push(
		[
			`1,000 peers known: ${what}, per announcement`,
			`${micros.toFixed(1)} µs (${rounds} rounds)`,
		],
		[
			`1,000 peers known: ${what}, peer list redrawn`,
			`${redraws} of ${rounds}`,
		],
	);
}

/** Encoded sizes of a refresh, whole and as a digest, for a node with `count` links. */
for (const count of [5, 8]) {
	const origin = keyOf(7);
	const links = Array.from({length: count}, (_, index) => keyOf(100 + index));
	const base = announcement(origin, Date.now(), links);
	const next = announcement(origin, base.version + 30_000, links);
	const whole = encodeFrame({type: 'announce', announcement: next}).length;
	const digest = encodeFrame({
		type: 'digest',
		digest: digestOf(next, base),
	}).length;
	rows.push([
		`refresh of a node with ${count} links: ANNOUNCE / DIGEST`,
		`${whole} / ${digest} bytes`,
	]);
}

function quietNetwork(digests: boolean): {bytes: number; frames: number} {
	const sim = new Simulator({seed: 11, measureBytes: true});
	const keys = [sim.addNode(undefined, 'yes', digests)];
	for (let index = 1; index < 100; index++) {
		sim.run(10);
		const bootstrap = keys[Math.floor(sim.random() * keys.length)];
		keys.push(sim.addNode(bootstrap, 'yes', digests));
	}

	const converged = () =>
		sim.live().every((node) => node.core.reachable().size === keys.length - 1);
	sim.runUntil(converged, 60_000, 100);
	sim.run(5000);
	const bytes = sim.traffic.announceBytes;
	const frames =
		sim.traffic.announcements + sim.traffic.digests + sim.traffic.wants;
	sim.run(3 * defaultMeshConfig.refreshMs);
	return {
		bytes: sim.traffic.announceBytes - bytes,
		frames:
			sim.traffic.announcements +
			sim.traffic.digests +
			sim.traffic.wants -
			frames,
	};
}

for (const digests of [false, true]) {
	const {bytes, frames} = quietNetwork(digests);
	rows.push([
		`sim 100 quiet nodes, 90 s (3 refreshes), ${digests ? 'with digests' : 'whole announcements only'}`,
		`${(bytes / 1024).toFixed(0)} KiB in ${frames} frames (${(bytes / 100 / 90).toFixed(0)} B/s per node)`,
	]);
}

printAndWriteReport('announcements', {
	title: 'Announcements benchmark',
	note: "Times vary with the machine's load.",
	rows,
});
