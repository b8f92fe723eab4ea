import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and served by either shell: Electron's app:// protocol or the headless host.
// HALL_RENDERER_OUT builds elsewhere (parallel work on one checkout); tests then set HALL_RENDERER_DIR.
const outDir = process.env.HALL_RENDERER_OUT ?? fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: '/',
  plugins: [
    react(),
    // The default announcement clips (espeak-ng + sox) go beside the built UI, under /voice/.
    {
      name: 'hall-voice-clips',
      apply: 'build',
      closeBundle() {
        execFileSync(process.execPath, ['scripts/build-voice-clips.mjs', join(outDir, 'voice')], { stdio: 'inherit' });
      },
    },
    // Elder mode's spoken steps (espeak-ng + sox, cached by voice and text), under /voice/steps/.
    {
      name: 'hall-step-clips',
      apply: 'build',
      closeBundle() {
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-step-clips.ts', join(outDir, 'voice', 'steps')], { stdio: 'inherit' });
      },
    },
  ],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    // CSP forbids inline scripts and styles: keep every asset a file.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // Screens, roles and the keyboard are chunks of their own (app/screen-registry.ts). The only
    // chunks above Vite's 500 kB are the keyboard's dictionaries: data, fetched on first use.
    chunkSizeWarningLimit: 900,
  },
});
