/**
 * What the chat says to the terminal itself, outside the drawn screen: its
 * title (the unread and mention counts, `view/terminal-title.ts`) and a
 * bell when a line mentions us. The title the terminal had is pushed on
 * its title stack (xterm's, which tmux and most terminals keep) and popped
 * again when the UI ends or is suspended. These are written straight to
 * stdout: neither moves the cursor, so Ink's drawing is not disturbed.
 */
import type {ChatServiceApi, ChatSnapshot} from './service/types.js';
import {terminalTitle} from './view/terminal-title.js';

const pushTitle = '\u001B[22;0t';
const popTitle = '\u001B[23;0t';
// OSC 0 (icon name and title), ended by ST rather than BEL: the bell is
// reserved for mentions.
const setTitle = (title: string) => `\u001B]0;${title}\u001B\\`;
const bell = '\u0007';

/** Options of `TerminalAttention`. */
export type TerminalAttentionOptions = {
	/** Ring the bell on a mention (off with `--no-bell`). */
	readonly bell: boolean;
};

export class TerminalAttention {
	readonly #service: ChatServiceApi;
	readonly #stdout: NodeJS.WritableStream;
	readonly #bell: boolean;
	#title: string | undefined;
	#lastMention: number | undefined;
	#shown = false;
	readonly #onChange: () => void;

	constructor(
		service: ChatServiceApi,
		stdout: NodeJS.WritableStream,
		options: TerminalAttentionOptions,
	) {
		this.#service = service;
		this.#stdout = stdout;
		this.#bell = options.bell;
		this.#onChange = () => {
			this.#update(this.#service.getSnapshot());
		};
	}

	/** Keep the title up to date (and ring for mentions) from now on. */
	start(): void {
		// Mentions from before the UI began are not rung for.
		this.#lastMention = this.#service.getSnapshot().attention.lastMention;
		this.show();
		this.#service.on('change', this.#onChange);
	}

	/** Put the terminal's own title back; the bell stays as it was. */
	hide(): void {
		if (!this.#shown) return;
		this.#shown = false;
		this.#title = undefined;
		this.#stdout.write(popTitle);
	}

	/** Show our title again (after `hide`, on resuming). */
	show(): void {
		if (this.#shown) return;
		this.#shown = true;
		this.#stdout.write(pushTitle);
		this.#update(this.#service.getSnapshot());
	}

	stop(): void {
		this.#service.off('change', this.#onChange);
		this.hide();
	}

	#update(snapshot: ChatSnapshot): void {
		const {lastMention} = snapshot.attention;
		if (lastMention !== this.#lastMention) {
			this.#lastMention = lastMention;
			if (this.#bell && lastMention !== undefined) this.#stdout.write(bell);
		}

		if (!this.#shown) return;
		const title = terminalTitle(snapshot);
		if (title === this.#title) return;
		this.#title = title;
		this.#stdout.write(setTitle(title));
	}
}
