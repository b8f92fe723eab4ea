#!/usr/bin/env node
// Runs the compiled CLI (dist/node/hallctl.js). In a checkout where it is missing or older than its
// sources, it is compiled first (esbuild, a second or two), so `npx hallctl …` works straight after install.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/node/hallctl.js', import.meta.url);
const buildScript = new URL('../scripts/build.mjs', import.meta.url);
if (existsSync(buildScript)) {
  const { isStale } = await import(buildScript.href);
  if (isStale('node')) {
    const { buildNode } = await import(new URL('../scripts/build-node.mjs', import.meta.url).href);
    console.error('hallctl: compiling (dist/node/ is missing or out of date)…');
    await buildNode();
  }
} else if (!existsSync(compiled)) {
  console.error('hallctl: dist/node/hallctl.js is missing: run `npm run build` first.');
  process.exit(64);
}
const { main } = await import(compiled.href);
await main();
