// Bundles the Electron main process (ESM) and the preload (CommonJS: sandboxed preloads cannot be ESM).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
  // Native modules and the rest of node_modules load at run time from the app's node_modules/asar.
  packages: 'external',
  banner: { js: "import { createRequire as __hallCreateRequire } from 'node:module'; const require = __hallCreateRequire(import.meta.url);" },
});
await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] });
