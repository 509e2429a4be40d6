/**
 * Run in a child process (`test/terminal/colour.test.ts`): chalk, under
 * Ink, settles its colours once, when first loaded, from the environment
 * and from whether stdout is a terminal. Stdout is a pipe here, so it is
 * made to look like a terminal first; then NO_COLOR is applied as the CLI
 * does, and the whole App is drawn through Ink with a scene that uses
 * every colour: own lines, notices, errors, two peers, a mention, a line
 * caught up, the read marker, peers online and offline. Prints the frame
 * as JSON.
 */
import process from 'node:process';
import tty from 'node:tty';

tty.isatty = () => true;
const {applyNoColor} = await import('../../source/no-color.js');
applyNoColor(process.env, !process.argv.includes('--no-color'));
const {renderApp} = await import('../ui/render-app.js');
const {
	FakeChatService,
	fakeIdentity,
	makeNativeHost,
	makeOfflinePeer,
	noAttention,
} = await import('./fake-service.js');

const bob = fakeIdentity('bob');
const carol = fakeIdentity('carol');
const time = new Date(2024, 0, 2, 13, 4, 5).getTime();
const from = (nick: string, fingerprint: string) =>
	({type: 'native', nick, fingerprint}) as const;
const service = new FakeChatService({
	nick: 'alice',
	hosts: [
		makeNativeHost('127.0.0.1:7002', 'bob', {keySeed: 'bob'}),
		makeOfflinePeer('127.0.0.1:7003', 'carol', {keySeed: 'carol'}),
	],
	entries: [
		{id: 1, time, kind: 'notice', text: 'New host discovered'},
		{id: 2, time, kind: 'error', text: 'Delivery failed'},
		{
			id: 3,
			time,
			kind: 'own',
			nick: 'alice',
			fingerprint: fakeIdentity('self').fingerprint,
			text: 'hello all',
		},
		{
			id: 4,
			time,
			kind: 'chat',
			source: from('bob', bob.fingerprint),
			text: 'hi',
		},
		{
			id: 5,
			time,
			kind: 'chat',
			source: from('carol', carol.fingerprint),
			text: 'late one',
			caughtUp: true,
		},
		{
			id: 6,
			time,
			kind: 'chat',
			source: from('bob', bob.fingerprint),
			text: 'alice: look here',
		},
	],
	attention: {...noAttention, unread: 2, mentions: 1, marker: 5},
});
const app = renderApp(service, 100, 20);
await app.until((frame) => frame.includes('look here'));
process.stdout.write(JSON.stringify({frame: app.frame()}));
app.unmount();
