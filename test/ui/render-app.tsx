/**
 * Render the whole App against a fake service at a given terminal size, with
 * `frame()` for the last frame and `until()` to wait for one.
 */
import {render} from 'ink-testing-library';
import App from '../../source/app.js';
import type {FakeChatService} from '../helpers/fake-service.js';
import {waitFor} from './terminal-helpers.js';

/** What `renderApp` returns: Ink's test instance plus two frame helpers. */
export type RenderedApp = ReturnType<typeof render> & {
	frame: () => string;
	until: (check: (frame: string) => boolean) => Promise<void>;
};

export function renderApp(
	service: FakeChatService,
	columns = 100,
	rows = 20,
): RenderedApp {
	const instance = render(<App service={service} size={{columns, rows}} />);
	const frame = () => instance.lastFrame() ?? '';
	const until = async (check: (frame: string) => boolean) =>
		waitFor(
			() => check(frame()),
			() => `frame was:\n${frame()}`,
		);
	return {...instance, frame, until};
}
