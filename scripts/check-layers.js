// Checks the layering of source/ that lint rules cannot see file by file:
//   - no cycle between folders (protocol, node, service, commands, context,
//     hooks, components, view, types; files directly in source/ are "root");
//   - the folder rules of docs/ARCHITECTURE.md (also in xo.config.js, checked
//     here too so this report is complete): protocol imports only protocol,
//     UI folders do not import node, service does not import the UI;
//   - no file in source/ imports more than MAX_IMPORTS other source files.
// Every violation is printed; those listed in KNOWN (the state the
// restructure of issue 9 starts from) are reported but do not fail. A KNOWN
// entry that no longer happens fails too: delete it, so the list only shrinks.
// Usage: node scripts/check-layers.js [--verbose]   (plain Node, no deps)
import process from 'node:process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const MAX_IMPORTS = 15;

/**
 * Violations that exist today, each explicitly. Shrink this list as the
 * restructure lands; never grow it without saying why in the issue.
 *   'a -> b'          folder a imports folder b, and the two are in a cycle
 *   'rule: a -> b'    folder a imports folder b against a folder rule
 *   'file: source/x'  that file imports more than MAX_IMPORTS source files
 */
// Empty since the restructure of issue 9 removed the last ones (the UI
// folders' circle and the service that imported everything it wired).
const KNOWN = new Set();

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const sourceRoot = path.join(root, 'source');
const verbose = process.argv.includes('--verbose');

const uiFolders = new Set([
	'components',
	'hooks',
	'context',
	'commands',
	'view',
]);
/** Files directly in source/ that belong to the UI. */
const uiRootFiles = new Set(['app.tsx', 'ui.tsx']);

function listFiles(directory) {
	return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) return listFiles(full);
		return /\.(ts|tsx|js|jsx|mts|cts)$/.test(entry.name) ? [full] : [];
	});
}

/** The folder a file belongs to: its first folder under source/, or "root". */
function folderOf(file) {
	const [first, ...rest] = path.relative(sourceRoot, file).split(path.sep);
	return rest.length > 0 ? first : 'root';
}

/** Which layer a file is in for the folder rules ("ui" is a group). */
function isUi(file) {
	const folder = folderOf(file);
	return (
		uiFolders.has(folder) ||
		(folder === 'root' && uiRootFiles.has(path.basename(file)))
	);
}

const importPattern =
	/(?:^|[;\s])(?:import|export)\s(?:[^'"`;]*?\sfrom\s)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(text) {
	return text
		.replaceAll(/\/\*[\s\S]*?\*\//g, ' ')
		.replaceAll(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

/** Resolve a relative specifier to a file in source/, or undefined. */
function resolveImport(from, specifier) {
	if (!specifier.startsWith('.')) return undefined;
	const target = path.resolve(path.dirname(from), specifier);
	const base = target.replace(/\.(js|jsx|mjs|cjs)$/, '');
	const candidates = [
		target,
		`${base}.ts`,
		`${base}.tsx`,
		`${base}.d.ts`,
		`${base}.js`,
		path.join(target, 'index.ts'),
		path.join(target, 'index.tsx'),
	];
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found || !found.startsWith(sourceRoot + path.sep)) return undefined;
	return found;
}

const files = listFiles(sourceRoot);
/** File -> the source files it imports. */
const fileImports = new Map();
for (const file of files) {
	const text = stripComments(readFileSync(file, 'utf8'));
	const targets = new Set();
	for (const match of text.matchAll(importPattern)) {
		const resolved = resolveImport(file, match[1] ?? match[2]);
		if (resolved && resolved !== file) targets.add(resolved);
	}

	fileImports.set(file, targets);
}

const relative = (file) => path.relative(root, file);

/** Folder edge "a -> b" -> the file imports behind it. */
const edges = new Map();
for (const [file, targets] of fileImports) {
	for (const target of targets) {
		const from = folderOf(file);
		const to = folderOf(target);
		if (from === to) continue;
		const key = `${from} -> ${to}`;
		if (!edges.has(key)) edges.set(key, []);
		edges.get(key).push(`${relative(file)} -> ${relative(target)}`);
	}
}

// Folder cycles: strongly connected components (Tarjan) of the folder graph.
const graph = new Map();
for (const key of edges.keys()) {
	const [from, to] = key.split(' -> ');
	if (!graph.has(from)) graph.set(from, new Set());
	if (!graph.has(to)) graph.set(to, new Set());
	graph.get(from).add(to);
}

function stronglyConnected() {
	let counter = 0;
	const index = new Map();
	const low = new Map();
	const stack = [];
	const onStack = new Set();
	const components = [];
	const visit = (node) => {
		index.set(node, counter);
		low.set(node, counter);
		counter++;
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node)) {
			if (!index.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node), low.get(next)));
			} else if (onStack.has(next)) {
				low.set(node, Math.min(low.get(node), index.get(next)));
			}
		}

		if (low.get(node) === index.get(node)) {
			const component = [];
			let member;
			do {
				member = stack.pop();
				onStack.delete(member);
				component.push(member);
			} while (member !== node);

			if (component.length > 1) components.push(component.toSorted());
		}
	};

	for (const node of [...graph.keys()].toSorted()) {
		if (!index.has(node)) visit(node);
	}

	return components;
}

/** Each violation: {key, message, known}. */
const violations = [];
function report(key, message) {
	violations.push({key, message, known: KNOWN.has(key)});
}

for (const component of stronglyConnected()) {
	const members = new Set(component);
	for (const [key, imports] of edges) {
		const [from, to] = key.split(' -> ');
		if (!members.has(from) || !members.has(to)) continue;
		report(
			key,
			`folder cycle {${component.join(', ')}}: ${key} (${imports.length} import${imports.length === 1 ? '' : 's'}, e.g. ${imports[0]})`,
		);
	}
}

// Folder rules, file by file, reported per folder edge.
const ruleBreaks = new Map();
for (const [file, targets] of fileImports) {
	for (const target of targets) {
		let rule;
		if (folderOf(file) === 'protocol' && folderOf(target) !== 'protocol') {
			rule = 'protocol imports only protocol';
		} else if (isUi(file) && folderOf(target) === 'node') {
			rule = 'the UI does not import node/';
		} else if (folderOf(file) === 'service' && isUi(target)) {
			rule = 'service/ does not import the UI';
		}

		if (!rule) continue;
		const key = `${folderOf(file)} -> ${folderOf(target)}`;
		if (!ruleBreaks.has(key)) ruleBreaks.set(key, {rule, imports: []});
		ruleBreaks
			.get(key)
			.imports.push(`${relative(file)} -> ${relative(target)}`);
	}
}

for (const [key, {rule, imports}] of ruleBreaks) {
	report(`rule: ${key}`, `${rule}: ${key} (${imports.join(', ')})`);
}

for (const [file, targets] of fileImports) {
	if (targets.size > MAX_IMPORTS) {
		report(
			`file: ${relative(file)}`,
			`${relative(file)} imports ${targets.size} source files (at most ${MAX_IMPORTS})`,
		);
	}
}

const found = new Set(violations.map((violation) => violation.key));
const stale = [...KNOWN].filter((key) => !found.has(key));
const fresh = violations.filter((violation) => !violation.known);

for (const violation of violations) {
	if (violation.known && !verbose) continue;
	const tag = violation.known ? 'known (allowlisted)' : 'NEW';
	process.stderr.write(`check-layers: ${tag}: ${violation.message}\n`);
}

for (const key of stale) {
	process.stderr.write(
		`check-layers: "${key}" is in KNOWN but no longer happens: delete it from scripts/check-layers.js\n`,
	);
}

if (verbose) {
	for (const [key, imports] of [...edges].toSorted()) {
		process.stdout.write(`check-layers: edge ${key} (${imports.length})\n`);
	}
}

const known = violations.length - fresh.length;
if (fresh.length > 0 || stale.length > 0) {
	process.stderr.write(
		`check-layers: failed: ${fresh.length} new violation(s), ${stale.length} stale allowlist entr${stale.length === 1 ? 'y' : 'ies'} (${known} known, allowlisted)\n`,
	);
	process.exit(1);
}

process.stdout.write(
	`check-layers: ${files.length} files, ${edges.size} folder edges: no new violations (${known} known, allowlisted; --verbose lists them)\n`,
);
