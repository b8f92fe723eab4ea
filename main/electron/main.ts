// Electron entry point (compiled to dist/node/electron-main.js by scripts/build-node.mjs; the preload beside it).
import { join } from 'node:path';
import { runElectronApp } from './electron-app.js';

const distDir = join(import.meta.dirname, '..');
runElectronApp({ rendererDir: join(distDir, 'renderer'), preloadPath: join(import.meta.dirname, 'preload.cjs') }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
