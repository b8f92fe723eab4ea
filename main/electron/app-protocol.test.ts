import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, appProtocolResponse } from './app-protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'app-proto-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><p>home</p>');
writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');

describe('app:// protocol', () => {
  it('serves the renderer files with their type and the CSP', async () => {
    const response = await appProtocolResponse(dir, `${APP_ORIGIN}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for client routes but not for missing assets', async () => {
    expect(await (await appProtocolResponse(dir, `${APP_ORIGIN}/some/route`)).text()).toContain('home');
    expect((await appProtocolResponse(dir, `${APP_ORIGIN}/assets/missing.js`)).status).toBe(404);
  });

  it('refuses paths that escape the renderer folder and other hosts', async () => {
    expect((await appProtocolResponse(dir, `${APP_ORIGIN}/..%2F..%2Foutside-secret.txt`)).status).toBe(403);
    expect((await appProtocolResponse(dir, 'app://elsewhere/index.html')).status).toBe(404);
  });
});
