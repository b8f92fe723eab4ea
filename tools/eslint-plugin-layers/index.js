// Enforces the layer each folder belongs to (the folder says where the code may run),
// in the spirit of VS Code's code-layering rule: a wrong import fails lint, not review.
import path from 'node:path';
import { builtinModules } from 'node:module';
import { noImportCycle } from './import-cycles.js';

const builtins = new Set(builtinModules);

/** Packages that need Node (native addons or Node APIs); the renderer and contract may not use them. */
export const NODE_ONLY_PACKAGES = [
  'better-sqlite3',
  'serialport',
  '@serialport',
  'node-hid',
  'fastify',
  '@fastify',
  'ws',
  'pino',
  'iconv-lite',
  'pngjs',
  'tsx',
  'playwright-core',
  '@playwright/test',
  'vitest',
  'fast-check',
  'pg',
  '@electric-sql/pglite',
];

/**
 * Layer table. `may` lists which kinds of import each layer may use:
 * other layers by name, plus 'node' (builtins and Node-only packages), 'electron', 'packages' (any other npm package).
 */
export const LAYERS = [
  { name: 'contract', dir: 'contract', may: ['contract', 'zod'] },
  { name: 'renderer', dir: 'renderer', may: ['contract', 'renderer', 'packages'] },
  { name: 'drivers', dir: 'drivers', may: ['contract', 'drivers', 'node', 'packages'] },
  { name: 'offline-store', dir: 'offline-store', may: ['contract', 'offline-store', 'node', 'packages'] },
  { name: 'platform', dir: 'platform', may: ['contract', 'common', 'platform', 'node', 'packages'] },
  // Node code the terminal and the platform both run (pinyin forms of the catalog, PIN verifiers).
  { name: 'common', dir: 'common', may: ['contract', 'common', 'node', 'packages'] },
  // The terminal never loads platform code: the shells start an embedded platform as a process of its own.
  // Their tests may start a real platform in-process, as the test helpers do.
  {
    name: 'main-electron',
    dir: 'main/electron',
    may: ['contract', 'common', 'drivers', 'offline-store', 'main', 'main-electron', 'node', 'packages', 'electron'],
    testsMay: ['platform'],
  },
  { name: 'main', dir: 'main', may: ['contract', 'common', 'drivers', 'offline-store', 'main', 'node', 'packages'], testsMay: ['platform'] },
  // hallctl, the technician's command line, drives devices and administers (and serves) the platform.
  { name: 'cli', dir: 'cli', may: ['contract', 'common', 'drivers', 'offline-store', 'platform', 'main', 'cli', 'node', 'packages'] },
  // Tooling around the product (tests, benches, scripts) may use anything but Electron itself.
  {
    name: 'tooling',
    dir: '',
    may: ['contract', 'common', 'renderer', 'drivers', 'offline-store', 'platform', 'main', 'main-electron', 'cli', 'tooling', 'node', 'packages'],
  },
];

const TEST_RUNNERS = new Set(['vitest', 'fast-check']);
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

function layerOfFile(relPath) {
  const p = relPath.split(path.sep).join('/');
  for (const layer of LAYERS) {
    if (layer.dir === '' || p === layer.dir || p.startsWith(layer.dir + '/')) return layer;
  }
  return LAYERS[LAYERS.length - 1];
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function kindOfSpecifier(spec, fromFile, root) {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = path.resolve(path.dirname(fromFile), spec);
    return { kind: 'layer', layer: layerOfFile(path.relative(root, target)).name };
  }
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0])) return { kind: 'node' };
  const pkg = packageName(spec);
  if (pkg === 'electron') return { kind: 'electron' };
  if (pkg === 'zod') return { kind: 'zod' };
  if (NODE_ONLY_PACKAGES.some((p) => pkg === p || pkg.startsWith(p + '/'))) return { kind: 'node' };
  return { kind: 'packages' };
}

function allowed(layer, k) {
  if (k.kind === 'layer') return layer.may.includes(k.layer) || (k.layer === 'main-electron' && layer.may.includes('main-electron'));
  if (k.kind === 'zod') return layer.may.includes('zod') || layer.may.includes('packages');
  return layer.may.includes(k.kind);
}

const describeKind = (k) =>
  k.kind === 'layer'
    ? `the ${k.layer} layer`
    : k.kind === 'node'
      ? 'Node (builtins or Node-only packages)'
      : k.kind === 'electron'
        ? 'electron'
        : 'npm packages';

const enforce = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder is a layer that may import only what its environment has' },
    schema: [],
    messages: { forbidden: "Layer '{{layer}}' may not import '{{spec}}' ({{what}}). See tools/eslint-plugin-layers." },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const baseLayer = layerOfFile(path.relative(root, file));
    // A test may also use the test tooling (fakes, helpers), but nothing its layer forbids otherwise.
    const layer = TEST_FILE.test(file) ? { ...baseLayer, may: [...baseLayer.may, 'tooling', ...(baseLayer.testsMay ?? [])] } : baseLayer;
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (layer !== baseLayer && TEST_RUNNERS.has(spec)) return;
      const k = kindOfSpecifier(spec, file, root);
      if (!allowed(layer, k)) context.report({ node, messageId: 'forbidden', data: { layer: layer.name, spec, what: describeKind(k) } });
    }
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') check(n, n.arguments[0].value);
      },
      TSImportType: (n) => {
        const lit = n.argument?.literal ?? n.argument;
        if (lit?.type === 'Literal') check(n, lit.value);
      },
    };
  },
};

export default { meta: { name: 'eslint-plugin-layers' }, rules: { enforce, 'no-import-cycle': noImportCycle } };
