import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Protocol } from 'electron';
import { APP_ORIGIN, APP_SCHEME, appProtocolResponse, registerAppScheme } from './app-protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'app-proto-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><p>home</p>');
writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme whose scripts V8 caches compiled between starts', () => {
    const registered: Parameters<Protocol['registerSchemesAsPrivileged']>[0][] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => void registered.push(schemes) } as Protocol);
    expect(registered).toEqual([[{ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true, codeCache: true }) }]]);
  });

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

  it('never follows a symlink out of the renderer folder, and answers a bad escape with 400', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'app-outside-'));
    writeFileSync(join(outside, 'key.pem'), 'private key');
    symlinkSync(join(outside, 'key.pem'), join(dir, 'linked.js'));
    symlinkSync(outside, join(dir, 'linked-dir'));
    const viaFile = await appProtocolResponse(dir, `${APP_ORIGIN}/linked.js`);
    expect(viaFile.status).toBe(403);
    expect(await viaFile.text()).not.toContain('private key');
    expect((await appProtocolResponse(dir, `${APP_ORIGIN}/linked-dir/key.pem`)).status).toBe(403);
    expect((await appProtocolResponse(dir, `${APP_ORIGIN}/%E0%A4%A`)).status).toBe(400);
  });

  it('refuses paths that escape the renderer folder and other hosts', async () => {
    expect((await appProtocolResponse(dir, `${APP_ORIGIN}/..%2F..%2Foutside-secret.txt`)).status).toBe(403);
    expect((await appProtocolResponse(dir, 'app://elsewhere/index.html')).status).toBe(404);
  });
});
