// Finds import loops across the tree. A loop (type-only ones included) means two rooms each need the
// other: neither can be understood, tested or moved alone. ESLint checks one file at a time, so the
// rule reads every other file's imports from disk once per process and takes the linted file's own
// imports from the text being linted.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test-results', 'playwright-report', 'scratch']);
const SOURCE = /\.(tsx?|mts|cts|jsx?|mjs)$/;

function listSources(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(root);
  return found;
}

/** Relative specifiers of a module, as TypeScript's pre-processor reads them (imports, re-exports, import()). */
export function importSpecifiers(text) {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'));
}

/** Resolves './x.js' the way the project's bundler and tsc do: x.ts, x.tsx, x.js, or x/index.*. */
export function resolveSpecifier(fromFile, spec, exists = fs.existsSync) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.js`,
    `${stem}.mjs`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
    path.join(base, 'index.js'),
  ];
  for (const candidate of candidates) if (SOURCE.test(candidate) && exists(candidate)) return candidate;
  return undefined;
}

const graphs = new Map();

/** The project's import graph from disk: file → files it imports. Built once per root per process. */
export function projectGraph(root) {
  let graph = graphs.get(root);
  if (graph) return graph;
  graph = new Map();
  for (const file of listSources(root)) {
    const targets = [];
    for (const spec of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(file, spec);
      if (target) targets.push(target);
    }
    graph.set(file, targets);
  }
  graphs.set(root, graph);
  return graph;
}

/** The shortest loop through `file` (a list of files starting and ending with it), or undefined. */
export function loopThrough(file, ownTargets, graph) {
  const cameFrom = new Map();
  const queue = [];
  for (const target of ownTargets) {
    if (target === file) return [file, file];
    if (!cameFrom.has(target)) {
      cameFrom.set(target, file);
      queue.push(target);
    }
  }
  while (queue.length > 0) {
    const current = queue.shift();
    for (const next of graph.get(current) ?? []) {
      if (next === file) {
        const loop = [file];
        for (let step = current; step !== file; step = cameFrom.get(step)) loop.unshift(step);
        return [file, ...loop];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import loops, type-only imports included' },
    schema: [],
    messages: { loop: 'Import loop: {{loop}}. Move what both sides need into a module of its own.' },
  },
  create(context) {
    const root = context.cwd;
    const file = path.resolve(root, context.filename);
    return {
      Program(node) {
        const own = importSpecifiers(context.sourceCode.text)
          .map((spec) => resolveSpecifier(file, spec))
          .filter(Boolean);
        const loop = loopThrough(file, own, projectGraph(root));
        if (loop) context.report({ node, messageId: 'loop', data: { loop: loop.map((f) => path.relative(root, f)).join(' → ') } });
      },
    };
  },
};
