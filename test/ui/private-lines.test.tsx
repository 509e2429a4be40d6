/**
 * `/msg`, `/query`, `/me` and `/topic` typed into the real UI (Ink's input
 * path, a fake service): what the service is asked to do, and what the
 * screen shows of it.
 */
import test, {afterEach} from 'node:test';
import assert from 'node:assert/strict';
import {render, cleanup} from 'ink-testing-library';
import App from '../../source/app.js';
import {FakeChatService, makeNativeHost} from '../helpers/fake-service.js';
import {keys, press, waitFor} from './terminal-helpers.js';

afterEach(cleanup);

const bob = makeNativeHost('127.0.0.1:7002', 'bob');

function setup() {
	const service = new FakeChatService({hosts: [bob]});
	const instance = render(
		<App
			service={service}
			size={{columns: 120, rows: 30}}
			onQuit={() => undefined}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	const until = async (check: () => boolean) =>
		waitFor(check, () => `calls: ${JSON.stringify(service.calls)}\n${frame()}`);
	const enter = async (line: string) => {
		await until(() => frame().includes('›'));
		await press(instance.stdin, line);
		await until(() => frame().includes(line.slice(-10)));
		await press(instance.stdin, keys.enter);
	};

	return {service, frame, until, enter};
}

test('/query sends what is typed to one peer until /query alone, and the status line says so', async () => {
	const {service, frame, until, enter} = setup();
	await enter('/query bob');
	await until(() => frame().includes(`query bob·${bob.fingerprint}`));
	await enter('only for you');
	await until(() => service.callsOf('send').length === 1);
	assert.deepEqual(service.callsOf('send'), [
		['only for you', {to: bob.publicKey}],
	]);
	await enter('/me nods');
	await until(() => service.callsOf('send').length === 2);
	assert.deepEqual(service.callsOf('send')[1], [
		'nods',
		{action: true, to: bob.publicKey},
	]);

	await enter('/query');
	await until(() => !frame().includes('query bob'));
	await enter('for everyone');
	await until(() => service.callsOf('send').length === 3);
	assert.deepEqual(service.callsOf('send')[2], ['for everyone']);
});

test('/msg sends one private line; a name nobody has is an error, nothing sent', async () => {
	const {service, frame, until, enter} = setup();
	await enter('/msg bob see you at six');
	await until(() => service.callsOf('send').length === 1);
	assert.deepEqual(service.callsOf('send'), [['see you at six', {to: 'bob'}]]);
	await enter('/query nobody');
	await until(() => frame().includes('No peer called nobody'));
	assert.equal(service.getSnapshot().query, undefined);
	await enter('/msg bob');
	await until(() => frame().includes('Usage: /msg NICK TEXT'));
});

test('/me shows "* nick text"; /topic sets the topic and /topic alone tells it', async () => {
	const {service, frame, until, enter} = setup();
	await enter('/me waves');
	await until(() => frame().includes('* me waves'));
	await enter('/topic release on friday');
	await until(() => frame().includes('* me set the topic: release on friday'));
	assert.deepEqual(service.callsOf('setTopic'), [['release on friday']]);
	await until(() => frame().includes('topic: release on friday'));
	await enter('/topic');
	await until(() => frame().includes('Topic: release on friday (set by me·'));
	await enter('/topic -delete');
	await until(() => service.callsOf('setTopic').length === 2);
	assert.deepEqual(service.callsOf('setTopic')[1], ['']);
});
