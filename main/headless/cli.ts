import { ConfigError } from '../host/config-loader.js';
import { runHeadless } from './run-headless.js';

runHeadless(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`hall-host: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
