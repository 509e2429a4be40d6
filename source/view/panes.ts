/**
 * The two panes for learners, below the chat: the protocol inspector
 * (`/inspect`) and the mesh map (`/map`). Which are open is the screen's
 * state, not the node's: the commands change it through a `PaneControl`
 * the UI hands them (the headless mode has none), and closing a pane is
 * what stops the node recording for it.
 */

/** Which panes are open. */
export type Panes = {
	/** The inspector's filter while it is open (`''`: every frame); undefined: closed. */
	readonly inspect: string | undefined;
	readonly map: boolean;
};

export const closedPanes: Panes = Object.freeze({
	inspect: undefined,
	map: false,
});

/** How a command opens and closes the panes. */
export type PaneControl = {
	current(): Panes;
	show(panes: Panes): void;
};

/**
 * `/inspect`: alone it opens the inspector, or closes it when open; with
 * words it opens it showing the frames that match them (`frame-filter.ts`);
 * `/inspect off` closes it.
 */
export function inspectPanes(current: Panes, argument: string): Panes {
	const filter = argument.trim().replaceAll(/\s+/gv, ' ');
	if (filter.toLowerCase() === 'off') return {...current, inspect: undefined};
	if (filter === '' && current.inspect !== undefined) {
		return {...current, inspect: undefined};
	}

	return {...current, inspect: filter};
}

/** `/map` opens the map, or closes it when open; `/map off` closes it. */
export function mapPanes(current: Panes, argument: string): Panes {
	const off = argument.trim().toLowerCase() === 'off';
	return {...current, map: !off && !current.map};
}

/** Rows for the chat and for each open pane, out of `rows` (the chat keeps some). */
export type PaneHeights = {
	readonly chat: number;
	readonly inspector: number;
	readonly map: number;
};

/** The fewest rows a pane is given: a title, a heading and a frame. */
const minPaneRows = 3;

export function paneHeights(rows: number, panes: Panes): PaneHeights {
	const open = Number(panes.inspect !== undefined) + Number(panes.map);
	if (open === 0) return {chat: rows, inspector: 0, map: 0};
	// Half the height for one pane, two thirds for both; the chat keeps two rows.
	const wanted = Math.round(
		(rows * (open === 1 ? 1 : 2)) / (open === 1 ? 2 : 3),
	);
	const total = Math.max(0, Math.min(rows - 2, Math.max(minPaneRows, wanted)));
	if (open === 1) {
		return {
			chat: rows - total,
			inspector: panes.inspect === undefined ? 0 : total,
			map: panes.map ? total : 0,
		};
	}

	const inspector = Math.ceil(total * 0.6);
	return {chat: rows - total, inspector, map: total - inspector};
}

/** A pane's title row: `── title ─────`, `width` cells wide. */
export function titleRule(title: string, width: number): string {
	const label = ` ${title} `;
	return `──${label}${'─'.repeat(Math.max(0, width - label.length - 2))}`;
}
