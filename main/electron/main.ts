// Electron entry point (bundled to dist/electron/main.mjs by scripts/build-electron.mjs).
import { join } from 'node:path';
import { runElectronApp } from './electron-app.js';

const distDir = join(import.meta.dirname, '..');
runElectronApp({ rendererDir: join(distDir, 'renderer'), preloadPath: join(import.meta.dirname, 'preload.cjs') }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
