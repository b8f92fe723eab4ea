// `npm start`: builds the UI, then opens the Electron kiosk where its binary exists, otherwise
// starts the headless host and prints the address to open. Arguments after `--` go to the host.
import { spawn, spawnSync } from 'node:child_process';
import { ELECTRON_MISSING_REASON, findElectronBinary } from './electron-binary.mjs';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

console.log('Building the user interface…');
run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);

const electron = process.env.HALL_HEADLESS === '1' ? undefined : findElectronBinary();
let child;
if (electron) {
  run(process.execPath, ['scripts/build-electron.mjs']);
  child = spawn(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
} else {
  console.log(process.env.HALL_HEADLESS === '1' ? 'HALL_HEADLESS=1: starting the headless host.' : `Starting the headless host: ${ELECTRON_MISSING_REASON}.`);
  child = spawn(process.execPath, ['--import', 'tsx', 'main/headless/cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
