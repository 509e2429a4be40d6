/**
 * The package entry: create a p2p-chat node in-process, subscribe to its
 * events, read its snapshot and counters. See docs/API.md.
 */
export {createNode} from './api/create-node.js';
export type {
	ChatNode,
	ListenAddress,
	NodeEvents,
	NodeOptions,
	NodeStats,
} from './api/node-types.js';
export {loadIdentity, newKeyPair, type KeyPair} from './node/identity.js';
export type {RuntimeStats} from './node/runtime-stats.js';
export type {MeshConfig} from './protocol/mesh-config.js';
export {
	tcpTransport,
	type Listener,
	type Transport,
	type TransportSocket,
} from './node/transport.js';
export {MemoryNetwork} from './node/memory-transport.js';
export type {
	BridgeNode,
	ChatCounters,
	ChatEntry,
	ChatSnapshot,
	ChatSource,
	DeliveryReport,
	EntryContent,
	HostView,
	HostStatus,
	LineStyle,
	LinkState,
	PagingView,
	PeerName,
	SendOptions,
	TopicView,
} from './service/types.js';
