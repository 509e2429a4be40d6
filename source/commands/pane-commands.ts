/**
 * `/inspect` and `/map`: the panes for people learning how the mesh works
 * (`view/panes.ts` says what each argument does). They change only what
 * the screen shows; the panes themselves tell the node when to record.
 */
import {inspectPanes, mapPanes} from '../view/panes.js';
import {defineCommand} from './command.js';

/** Said where there is no screen to show a pane on. */
const noScreen = 'The inspector and the map need the terminal UI.';

export const inspect = defineCommand({
	name: 'inspect',
	usage: '/inspect [WORDS]',
	help: 'watch frames pass (WORDS filter them; again or off closes)',
	// The whole argument: every word filters.
	parse: (argument) => ({filter: argument}),
	run({filter}, {service, panes}) {
		if (!panes) {
			service.note(noScreen);
			return;
		}

		panes.show(inspectPanes(panes.current(), filter));
	},
});

export const map = defineCommand({
	name: 'map',
	usage: '/map',
	help: 'draw the mesh as this node sees it (again closes)',
	parse(argument) {
		const word = argument.toLowerCase();
		return word === '' || word === 'off' ? {off: word === 'off'} : undefined;
	},
	run({off}, {service, panes}) {
		if (!panes) {
			service.note(noScreen);
			return;
		}

		panes.show(mapPanes(panes.current(), off ? 'off' : ''));
	},
});
