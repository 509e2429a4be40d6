import {useMemo, useRef, useState} from 'react';
import {closedPanes, type PaneControl, type Panes} from '../view/panes.js';

/**
 * Which learner panes are open (`/inspect`, `/map`), and the control the
 * commands change it through: stable for the life of the app, and reading
 * the latest state even between renders (two commands in one burst).
 */
export function usePanes(): [Panes, PaneControl] {
	const [panes, setPanes] = useState<Panes>(closedPanes);
	const latest = useRef(panes);
	const control = useMemo<PaneControl>(
		() => ({
			current: () => latest.current,
			show(next) {
				latest.current = next;
				setPanes(next);
			},
		}),
		[],
	);
	return [panes, control];
}
