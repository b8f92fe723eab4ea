import { spawnSync } from 'node:child_process';
import { _electron as electron, expect, test } from '@playwright/test';
import { ELECTRON_MISSING_REASON, findElectronBinary } from '../../scripts/electron-binary.mjs';

const binary = findElectronBinary();

test.describe('Electron shell', () => {
  test.skip(!binary, `Skipped: ${ELECTRON_MISSING_REASON}; this lane runs where the binary exists.`);

  test('opens the kiosk window on the home screen with only the bridge exposed', async () => {
    const built = spawnSync(process.execPath, ['scripts/build-node.mjs'], { stdio: 'inherit' });
    expect(built.status).toBe(0);
    const app = await electron.launch({ executablePath: binary, args: ['.'], env: { ...process.env, HALL_CONFIG: '' } });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('tile-guide')).toBeVisible();
      expect(window.url()).toMatch(/^app:\/\/hall\//);
      const exposed = await window.evaluate(() => ({
        bridge: typeof (window as unknown as { hallHost?: unknown }).hallHost,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });
    } finally {
      await app.close();
    }
  });
});
