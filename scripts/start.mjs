// `npm start`: builds what is missing or out of date (the UI and the compiled programs in dist/), then
// opens the Electron kiosk where its binary exists, otherwise starts the compiled headless host and
// prints the address to open. Arguments after `--` go to the host.
import { spawn } from 'node:child_process';
import { buildAll } from './build.mjs';
import { HOST_NODE_FLAGS, hostEnv } from './build-node.mjs';
import { ELECTRON_MISSING_REASON, findElectronBinary } from './electron-binary.mjs';

await buildAll({ ifNeeded: true });

// A counter beside the default kiosk (`npm start -- --counter`) opens in the browser: the kiosk has the Electron window.
const headless = process.env.HALL_HEADLESS === '1' || process.argv.slice(2).includes('--counter');
const electron = headless ? undefined : findElectronBinary();
let child;
if (electron) {
  child = spawn(electron, [`--js-flags=${HOST_NODE_FLAGS.join(' ')}`, '.', ...process.argv.slice(2)], { stdio: 'inherit', env: hostEnv() });
} else {
  console.log(headless ? 'Starting the headless host.' : `Starting the headless host: ${ELECTRON_MISSING_REASON}.`);
  child = spawn(process.execPath, [...HOST_NODE_FLAGS, 'dist/node/host.js', ...process.argv.slice(2)], { stdio: 'inherit', env: hostEnv() });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
