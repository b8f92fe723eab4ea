// Standalone entry: `node --import tsx platform/serve.ts --port 0 --data DIR [--admin-token T] [--seed-catalog]`.
// Prints one JSON line {"url": ...} once listening; stops on SIGINT/SIGTERM. Tests run the platform
// in its own process through this, as production does.
import { parseArgs } from 'node:util';
import { startPlatform } from './server.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, data: { type: 'string' }, 'admin-token': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, 'seed-catalog': { type: 'boolean', default: false } },
});
const platform = await startPlatform({
  version: process.env.npm_package_version ?? 'dev',
  port: Number(values.port),
  host: values.host,
  seedCatalog: values['seed-catalog'],
  ...(values.data ? { dataDir: values.data } : {}),
  ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
});
process.stdout.write(JSON.stringify({ url: platform.url }) + '\n');
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
