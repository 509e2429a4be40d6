/**
 * The peer book's defences against what others announce: inventing peers,
 * bringing back the dead, and crowding out a peer's real addresses.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type {Announcement} from '../../source/protocol/gossip-messages.js';
import {keyBytes} from '../../source/protocol/peer-key.js';
import {defaultMeshConfig} from '../../source/protocol/mesh-config.js';
import {PeerBook} from '../../source/protocol/peer-book.js';
import {asIp} from '../helpers/ip.js';
import {asKey} from '../helpers/key.js';

const key = (digit: string) => asKey(digit.repeat(64));
const self = key('0');
/** The link announcements come over in these tests (not their origins). */
const relay = key('f');

function book(config = {}): PeerBook {
	return new PeerBook(self, {...defaultMeshConfig, ...config});
}

function announcement(
	origin: string,
	version: number,
	links: Array<[key: string, port: number]>,
): Announcement {
	return {
		origin: keyBytes(origin),
		version,
		nick: 'n',
		leaving: false,
		links: links.map(([link, port]) => ({
			key: keyBytes(link),
			ip: asIp('127.0.0.1'),
			port,
		})),
		legacy: [],
		signature: new Uint8Array(64),
	};
}

test('a book full of peers only named in link lists still takes a peer that announces itself', () => {
	const peers = book({maxPeers: 3});
	const invented: Array<[string, number]> = [
		[key('1'), 7001],
		[key('2'), 7002],
		[key('3'), 7003],
	];
	assert.equal(
		peers.store(key('a'), announcement(key('a'), 1, invented), 0, relay),
		'changed',
	);
	assert.equal(peers.list().length, 3);
	assert.equal(
		peers.store(key('b'), announcement(key('b'), 1, []), 10, relay),
		'changed',
	);
	const held = peers.list().map((entry) => entry.key);
	assert.ok(held.includes(key('b')), 'the announced peer is kept');
	assert.ok(held.includes(key('a')));
	assert.equal(held.length, 3);
});

test('a book full of announced peers turns a new one away', () => {
	const peers = book({maxPeers: 2});
	peers.store(key('a'), announcement(key('a'), 1, []), 0, relay);
	peers.store(key('b'), announcement(key('b'), 1, []), 0, relay);
	assert.equal(
		peers.store(key('c'), announcement(key('c'), 1, []), 0, relay),
		'dropped',
	);
});

test('a forgotten peer is not brought back by its old announcement; a newer one is welcome', () => {
	const peers = book({forgetAfterMs: 1000});
	peers.store(key('d'), announcement(key('d'), 5, []), 0, relay);
	assert.equal(peers.sweep(2000, new Map(), new Map()), true);
	assert.equal(peers.list().length, 0);
	// Someone who still holds it hands it over in peer exchange.
	assert.equal(
		peers.store(key('d'), announcement(key('d'), 5, []), 2100, relay),
		'dropped',
	);
	assert.equal(peers.list().length, 0);
	assert.equal(
		peers.store(key('d'), announcement(key('d'), 6, []), 2200, relay),
		'changed',
	);
});

test('an announcement naming one key many times reports one address for it', () => {
	const peers = book();
	peers.store(
		key('a'),
		announcement(key('a'), 1, [[key('9'), 9000]]),
		0,
		relay,
	);
	const flood: Array<[string, number]> = [1, 2, 3, 4, 5].map((port) => [
		key('9'),
		port,
	]);
	peers.store(key('b'), announcement(key('b'), 1, flood), 1, relay);
	const victim = peers.list().find((entry) => entry.key === key('9'));
	assert.deepEqual(
		victim?.addresses.map((address) => address.port),
		[1, 9000],
	);
});

test('a forgotten peer that speaks for itself is heard, even with an old version (its clock went back)', () => {
	const peers = book({forgetAfterMs: 1000});
	peers.store(key('d'), announcement(key('d'), 5, []), 0, relay);
	peers.sweep(2000, new Map(), new Map());
	assert.equal(
		peers.store(key('d'), announcement(key('d'), 3, []), 2100, key('d')),
		'changed',
	);
});

test('making room never drops a peer we are linked to', () => {
	const linked = new Set([key('1')]);
	const peers = new PeerBook(
		self,
		{...defaultMeshConfig, maxPeers: 2},
		(peer) => linked.has(peer),
	);
	// Our link's entry exists before its announcement does.
	peers.attest(key('1'), {ip: asIp('127.0.0.1'), port: 7001}, 0);
	peers.store(key('a'), announcement(key('a'), 1, []), 1, relay);
	assert.equal(
		peers.store(key('b'), announcement(key('b'), 1, []), 2, relay),
		'dropped',
	);
	assert.ok(peers.list().some((entry) => entry.key === key('1')));
});

test('once the book is half full, one link may introduce only so many peers that never became reachable', () => {
	const peers = book({maxPeers: 20, maxUnconfirmedPerLink: 3});
	const made = (index: number) => asKey(index.toString(16).padStart(64, 'a'));
	const other = key('e');
	// Under half full, anything goes.
	for (let index = 0; index < 10; index++) {
		assert.equal(peers.mayIntroduce(made(index), relay), true);
		peers.store(made(index), announcement(made(index), 1, []), 0, relay);
	}

	// Half full: this link introduced 10 that were never reachable.
	assert.equal(peers.mayIntroduce(made(10), relay), false);
	// Another link, a peer speaking for itself, and news of a known peer still may.
	assert.equal(peers.mayIntroduce(made(10), other), true);
	assert.equal(peers.mayIntroduce(made(10), made(10)), true);
	assert.equal(peers.mayIntroduce(made(3), relay), true);
	// Once they are reachable they are confirmed, and the link may go on.
	for (let index = 0; index < 8; index++) peers.reached(made(index));
	assert.equal(peers.mayIntroduce(made(10), relay), true);
	peers.reached(made(8));
	peers.reached(made(9));
	assert.equal(peers.mayIntroduce(made(10), relay), true);
});
