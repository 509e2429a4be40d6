// `npm start`: one node process that rebuilds dist/ if the source changed
// (`build-if-stale.js`, a few milliseconds of stat calls when it has not),
// then runs the CLI in the same process, with the same arguments. A
// prestart script would cost a second Node start before every run.
// eslint-disable-next-line import-x/no-unassigned-import -- run for its effect
import './build-if-stale.js';

await import('../dist/cli.js');
