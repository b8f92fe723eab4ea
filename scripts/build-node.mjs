// `npm run build:node`: compiles every Node-side program (headless host, hallctl, the platform, the
// store's worker thread, Electron's main process and preload) to JavaScript in dist/node/ with
// esbuild. `--watch` rebuilds on every change (`npm run dev`).
//
// All entries share one output folder, so a worker thread's file sits beside whichever bundle
// starts it (offline-store/worker-url.ts resolves `./store-worker.js` from its caller), and code
// split out of a dynamic import() loads only when first used.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, context } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_OUT_DIR = join(root, 'dist', 'node');

/** Every compiled program: output name (dist/node/<name>.js) → TypeScript source. Add new entries here. */
export const NODE_ENTRIES = {
  host: 'main/headless/cli.ts',
  hallctl: 'cli/hallctl.ts',
  'platform-serve': 'platform/serve.ts',
  'store-worker': 'offline-store/store-worker.ts',
  'phone-photo-worker': 'platform/queue/phone-photo-worker.ts',
  'electron-main': 'main/electron/main.ts',
};

/**
 * Node flags the host runs with. A young generation of 2 MiB semi-spaces instead of V8's 16 MiB:
 * the host allocates little and briefly (requests, device frames), so it keeps ~10 MiB less resident
 * at the cost of more, smaller scavenges.
 */
export const HOST_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * The C library's allocator settings the host (and its store worker) runs with, unless the
 * environment already names them. Measured with the soak (600 sessions after a 200-session warm-up,
 * 2026-12-03, same machine and load): RSS grew 13.0 % with glibc's defaults and 3.5 % with these;
 * over the full 2,000 sessions +17.5 % against +25 % before (bench/RESULTS.md).
 * Without them each thread (the store worker, libuv's pool, V8's helpers) gets an arena of its own
 * that keeps what it once held, and once glibc has raised its dynamic mmap threshold, the medium
 * buffers of an application (captured images, receipts, signatures) come from those arenas too; a
 * fixed threshold gives them back on free.
 */
export const HOST_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

/** The environment to start the host with: `env` with HOST_ENV's settings wherever it names none. */
export const hostEnv = (env = process.env) => ({ ...HOST_ENV, ...env });

/**
 * Loaded from node_modules at run time: native modules (and the packages that load them), Electron,
 * the browser automation used to print guide PDFs (on demand; it carries its own files), pdfkit and
 * its font engine (the on-screen form's PDF, on demand; data files beside their code), and PGlite
 * (WebAssembly and data files beside its code).
 */
export const EXTERNAL_PACKAGES = [
  'better-sqlite3',
  'serialport',
  '@serialport',
  'node-hid',
  'pg',
  'pg-native',
  '@electric-sql/pglite',
  'electron',
  'electron-updater',
  'playwright-core',
  'playwright',
  'pdfkit',
  'fontkit',
];

/**
 * `import … from 'node:http'` in an ES module makes Node read every export of http, among them
 * lazy getters (WebSocket, …) that load the bundled fetch library (undici, with http2 and web
 * streams): ~50 ms of the host's start before its address is printed, for code nothing uses then.
 * Static imports of http are given the module object itself (process.getBuiltinModule) with its
 * plain-value exports named, so those getters stay unread until something asks for them.
 */
const LAZY_GETTER_BUILTINS = ['http'];
const builtinWithoutGetters = {
  name: 'hall-builtin-without-getters',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_GETTER_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) => (args.kind === 'import-statement' ? { path: args.path.replace(/^node:/, ''), namespace: 'hall-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'hall-builtin' }, (args) => {
      const builtin = createRequire(import.meta.url)(`node:${args.path}`);
      const plainValues = Object.entries(Object.getOwnPropertyDescriptors(builtin))
        .filter(([name, descriptor]) => 'value' in descriptor && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
        .map(([name]) => name);
      return {
        contents: `const builtin = process.getBuiltinModule('node:${args.path}');\nexport default builtin;\nexport const { ${plainValues.join(', ')} } = builtin;\n`,
        loader: 'js',
      };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  // Smaller files parse faster at every start; names are kept for readable stack traces (and source maps).
  minifyWhitespace: true,
  minifySyntax: true,
  // Plain JavaScript packages are bundled: resolving and reading hundreds of small files from
  // node_modules was most of the host's start. What stays in node_modules: EXTERNAL_PACKAGES.
  external: EXTERNAL_PACKAGES.flatMap((name) => [name, `${name}/*`]),
};

const programs = (outdir) => ({
  ...common,
  entryPoints: Object.entries(NODE_ENTRIES).map(([out, input]) => ({ out, in: input })),
  outdir,
  format: 'esm',
  splitting: true,
  // Chunks beside the entries: a worker's file is found next to whichever chunk starts it.
  chunkNames: 'chunk-[hash]',
  plugins: [builtinWithoutGetters],
  // A bundled CommonJS helper may still call require(): give ESM output one.
  banner: { js: "import { createRequire as __hallCreateRequire } from 'node:module'; const require = __hallCreateRequire(import.meta.url);" },
});

// Sandboxed preloads cannot be ESM.
const preload = (outdir) => ({
  ...common,
  entryPoints: ['main/electron/preload.ts'],
  outfile: join(outdir, 'preload.cjs'),
  format: 'cjs',
  external: ['electron'],
});

/**
 * Compiles every program. `clean` empties dist/node/ first (a release build carries no old chunks);
 * without it old chunks stay, so a host already running from dist/node/ can still load its lazy parts.
 */
export async function buildNode({ clean = false, outDir = NODE_OUT_DIR } = {}) {
  if (clean) rmSync(outDir, { recursive: true, force: true });
  await Promise.all([build(programs(outDir)), build(preload(outDir))]);
}

/** Rebuilds on every change until stopped; `onRebuilt` runs after each successful build of the programs. */
export async function watchNode(onRebuilt = () => {}) {
  const notify = { name: 'hall-rebuilt', setup: (b) => b.onEnd((result) => void (result.errors.length === 0 && onRebuilt())) };
  const contexts = await Promise.all([context({ ...programs(NODE_OUT_DIR), plugins: [builtinWithoutGetters, notify] }), context(preload(NODE_OUT_DIR))]);
  await Promise.all(contexts.map((c) => c.watch()));
  return { stop: () => Promise.all(contexts.map((c) => c.dispose())) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--watch')) await watchNode(() => console.log('build-node: dist/node/ rebuilt'));
  else await buildNode({ clean: true });
}
