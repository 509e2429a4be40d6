/**
 * `createNode`: a p2p-chat node in this process, behind a small handle, so
 * embedding programs, the bench and the tests never reach into the service
 * or the runtime.
 */
import {newKeyPair} from '../node/identity.js';
import {HistoryStore} from '../node/store/history-store.js';
import {ChatService} from '../service/chat-service.js';
import type {ChatServiceApi} from '../service/types.js';
import type {ChatNode, NodeOptions} from './node-types.js';

/** Make a node; nothing is bound or dialed until `start()`. */
export function createNode(options: NodeOptions): ChatNode {
	const {dataDir, history, ...rest} = options;
	if (history && dataDir === undefined) {
		throw new Error('A history is kept in a dataDir: give one.');
	}

	const service = new ChatService({
		...rest,
		stateDir: dataDir,
		history:
			history && dataDir !== undefined ? HistoryStore.open(dataDir) : undefined,
		port: options.port ?? 0,
		keyPair: options.keyPair ?? newKeyPair(),
	});
	// The typed contract's on/off (EventEmitter's own overloads do not take a generic event).
	const events: ChatServiceApi = service;
	const node: ChatNode = {
		async start() {
			await service.start();
			const {listening} = service.getSnapshot();
			// The service sets it before start() resolves; a missing one is a bug here.
			if (listening === undefined) throw new Error('the node is not listening');
			return listening;
		},
		async send(text, options) {
			return service.send(text, options);
		},
		async setTopic(text) {
			return service.setTopic(text);
		},
		async connect(address) {
			return service.connect(address);
		},
		setNick(nick) {
			service.setNick(nick);
		},
		async stop() {
			await service.stop();
		},
		on(event, listener) {
			events.on(event, listener);
			return node;
		},
		off(event, listener) {
			events.off(event, listener);
			return node;
		},
		snapshot() {
			return service.getSnapshot();
		},
		stats() {
			return Object.freeze({
				...service.stats(),
				counters: service.getSnapshot().counters,
			});
		},
	};
	return node;
}
