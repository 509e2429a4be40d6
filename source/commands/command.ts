/**
 * The shape of a slash command. Everything about one command — how it is
 * typed, what `/help` says of it, how its argument is read and what it does —
 * is one value of this type, so a new command is one entry in the table
 * (`command-table.ts`) and nothing else.
 */
import type {ChatServiceApi} from '../service/types.js';
import type {PaneControl} from '../view/panes.js';

/** What a command may act on. */
export type CommandContext = {
	readonly service: ChatServiceApi;
	/** Leave the UI. */
	readonly quit: () => void;
	/** The inspector and map panes; none without a screen (headless). */
	readonly panes?: PaneControl;
};

/**
 * One slash command, as written in the table. `Args` is what `parse` reads
 * from the argument; the parsed command is `{type: name, ...args}`.
 */
export type SlashCommand<
	Name extends string,
	Args extends Record<string, unknown>,
> = {
	/** Typed after the slash; matched without regard to case. */
	readonly name: Name;
	/** How to type it, as `/help` shows it and usage errors quote it. */
	readonly usage: string;
	/** What it does, in a few words: the rest of its `/help` row. */
	readonly help: string;
	/**
	 * Read the argument (everything after the name, trimmed; may be empty).
	 * `undefined` means "used wrongly" and shows `Usage: <usage>`; a string is
	 * any other complaint, shown as it is.
	 */
	readonly parse: (argument: string) => Args | string | undefined;
	/** Carry it out. A rejection becomes an error notice, never a crash. */
	readonly run: (args: Args, context: CommandContext) => void | Promise<void>;
};

/** A parsed command of the table: its name as `type`, and its arguments. */
export type Parsed<
	Name extends string,
	Args extends Record<string, unknown>,
> = {
	readonly type: Name;
} & Readonly<Args>;

/** A command used wrongly; `message` says how to use it. */
export type Invalid = {readonly type: 'invalid'; readonly message: string};

/**
 * A typed line read: the command it is (plain data, which tests compare)
 * and, unless there is nothing to do, how to carry it out.
 */
export type Reading<Command> = {
	readonly command: Command;
	readonly run?: (context: CommandContext) => void | Promise<void>;
};

/** A table entry: the command as written, with its parse bound to its run. */
export type TableCommand<
	Name extends string,
	Args extends Record<string, unknown>,
> = SlashCommand<Name, Args> & {
	/** Read `argument`; the result runs this command's `run` with its args. */
	readonly interpret: (
		argument: string,
	) => Reading<Parsed<Name, Args> | Invalid>;
};

/**
 * Make a table entry. Binding `parse` to `run` here, where both see the same
 * `Args`, is what lets dispatch call any entry without a type cast.
 */
export function defineCommand<
	const Name extends string,
	Args extends Record<string, unknown>,
>(spec: SlashCommand<Name, Args>): TableCommand<Name, Args> {
	return {
		...spec,
		interpret(argument) {
			const args = spec.parse(argument);
			if (args === undefined || typeof args === 'string') {
				return invalid(args ?? `Usage: ${spec.usage}`);
			}

			const command: Parsed<Name, Args> = {type: spec.name, ...args};
			return {
				command,
				run: async (context) => spec.run(args, context),
			};
		},
	};
}

/** A line that cannot run: only its message is shown. */
export function invalid(message: string): Reading<Invalid> {
	return {
		command: {type: 'invalid', message},
		run({service}) {
			service.note(message);
		},
	};
}

/** The argument-less commands ignore whatever follows their name. */
export function noArguments(): Record<string, never> {
	return {};
}

/** Log each line as a notice, in order. */
export function noteAll(
	service: ChatServiceApi,
	lines: readonly string[],
): void {
	for (const line of lines) {
		service.note(line);
	}
}
