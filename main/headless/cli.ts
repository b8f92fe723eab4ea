import { enableCompileCache } from 'node:module';

// V8 keeps the compiled host on disk (NODE_COMPILE_CACHE, else the system's temporary folder), so
// a restart skips parsing and compiling its bundles. Enabled before the host's code is imported.
enableCompileCache();
const { ConfigError } = await import('../host/config-loader.js');
const { runHeadless } = await import('./run-headless.js');

runHeadless(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`hall-host: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
