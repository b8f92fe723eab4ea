// `npm run dev`: development in one command. esbuild recompiles dist/node/ on every change and the
// headless host restarts on the new build; vite rebuilds dist/renderer/ on every change (reload the
// page to see it). Arguments after `--` go to the host. Ctrl+C stops everything.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_NODE_FLAGS, watchNode } from './build-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hostArgs = process.argv.slice(2);

const renderer = spawn(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--watch', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
  { cwd: root, stdio: 'inherit' },
);

let host;
let restarting = Promise.resolve();
function startHost() {
  host = spawn(process.execPath, [...HOST_NODE_FLAGS, '--enable-source-maps', join(root, 'dist/node/host.js'), ...hostArgs], { cwd: root, stdio: 'inherit' });
}
function restartHost() {
  // One restart at a time: the next waits until the old host has let go of its port and data folder.
  restarting = restarting.then(async () => {
    if (host && host.exitCode === null && host.signalCode === null) {
      const exited = new Promise((resolve) => host.once('exit', resolve));
      host.kill('SIGTERM');
      await exited;
      console.log('dev: sources changed, restarting the host');
    }
    startHost();
  });
}

const watcher = await watchNode(restartHost);
console.log('dev: watching the sources (dist/node/ and dist/renderer/ rebuild on change)');

async function stop() {
  await watcher.stop();
  renderer.kill('SIGTERM');
  host?.kill('SIGTERM');
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stop());
