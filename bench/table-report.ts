/**
 * The two-column table a bench prints, and the same table written to
 * bench/reports/<name>-<date>.md, for benches whose results are a list of
 * measures (bench/mesh.ts, bench/announcements.ts).
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** One row: what was measured, and its value as text. */
export type Row = [what: string, value: string];

export function printAndWriteReport(
	name: string,
	{
		title,
		note,
		rows,
	}: {
		readonly title: string;
		readonly note: string;
		readonly rows: readonly Row[];
	},
): void {
	const width = Math.max(...rows.map(([what]) => what.length));
	const table = rows
		.map(([what, value]) => `${what.padEnd(width)}  ${value}`)
		.join('\n');
	process.stdout.write(`${table}\n`);
	const reportDirectory = path.join(import.meta.dirname, 'reports');
	mkdirSync(reportDirectory, {recursive: true});
	const stamp = new Date().toISOString().replaceAll(/[:.]/gv, '-');
	const file = path.join(reportDirectory, `${name}-${stamp}.md`);
	writeFileSync(
		file,
		[
			`# ${title}, ${new Date().toISOString()}`,
			'',
			`Node ${process.version}, ${process.platform}/${process.arch}.${note === '' ? '' : ` ${note}`}`,
			'',
			'| measure | value |',
			'| --- | --- |',
			...rows.map(([what, value]) => `| ${what} | ${value} |`),
			'',
		].join('\n'),
	);
	process.stdout.write(`report: ${path.relative(process.cwd(), file)}\n`);
}
