// The default hall (`npm start`: a kiosk with the platform embedded) reaches phones on the hall LAN:
// the host starts the embedded platform as `npm start` does, its phone pages listen on the machine's
// first non-internal IPv4, and a phone there opens the live ticket a ticket names and the photo page
// of a material (whose photo then arrives at the kiosk); a terminal route is not reachable there,
// and the platform's own address stays on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lanAddress as lan, NO_LAN_SKIP_REASON } from '../../test/helpers/lan.js';
import { DEFAULT_CONFIG } from '../../contract/config.js';
import type { HostMethodName, MethodInput, MethodOutput } from '../../contract/host-api.js';
import { PHONE_PHOTO_CONTENT_TYPE } from '../../contract/phone-upload.js';
import { platformApi } from '../../contract/platform-api/routes.js';
import { DriverRegistry } from '../../drivers/registry.js';
import { gradientJpeg } from '../../test/helpers/exif-jpeg.js';
import { ID_NUMBER, SBK, until } from '../../test/helpers/o2o-host-kit.js';
import { holdCard } from '../../test/helpers/test-host.js';
import { parseConfig } from './config-loader.js';
import { Host } from './host.js';
import { createLogger } from './logging.js';
import { phonePagesListen } from './phone-pages-address.js';

describe('where the embedded platform serves the phone pages', () => {
  const eth0 = { eth0: [{ address: '10.1.2.3', family: 'IPv4', internal: false, netmask: '255.0.0.0', mac: '', cidr: null }] } as never;
  it("takes the first non-internal IPv4 for 'auto', the configured address as it is, nothing for 'off' or a machine without one", () => {
    expect(phonePagesListen({ address: 'auto', port: 8740 }, eth0)).toEqual({ host: '10.1.2.3', port: 8740 });
    expect(phonePagesListen({ address: '192.168.1.20', port: 9000 }, eth0)).toEqual({ host: '192.168.1.20', port: 9000 });
    expect(phonePagesListen({ address: 'off', port: 8740 }, eth0)).toBeUndefined();
    const loopbackOnly = { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '', cidr: null }] } as never;
    expect(phonePagesListen({ address: 'auto', port: 8740 }, loopbackOnly)).toBeUndefined();
  });
});

describe("the default hall's phone pages on this machine's LAN address", () => {
  let dataDir: string | undefined;
  let host: Host;
  const call = <M extends HostMethodName>(method: M, input: MethodInput<M>) => host.handlers[method](input as never) as Promise<MethodOutput<M>>;

  beforeEach(({ skip }) => skip(!lan, NO_LAN_SKIP_REASON));
  beforeAll(async () => {
    if (!lan) return;
    dataDir = mkdtempSync(join(tmpdir(), 'hall-phone-lan-'));
    // The built-in defaults, as `npm start` runs them; only the port is any free one, beside halls already running here.
    const config = parseConfig({ ...DEFAULT_CONFIG, devices: [], phonePages: { address: 'auto', port: 0 }, sync: { pollIntervalMs: 500 } }, 'test');
    host = new Host({ config, shell: 'headless', dataDir, version: '9.9.9-test', log: createLogger({}), registry: new DriverRegistry() });
    await host.start();
    holdCard(host, { name: '王示例', idNumber: ID_NUMBER, birthDate: '1945-03-07' });
    await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length > 0 ? true : undefined), 'catalog pulled');
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens for phones on the LAN address only, the platform itself on loopback', () => {
    expect(new URL(host.phonePagesUrl!).hostname).toBe(lan);
    expect(new URL(host.platformUrl).hostname).toBe('127.0.0.1');
  });

  it("prints the ticket's live page at the LAN address, and a phone there opens it", async () => {
    const issued = await until(
      async () => (await call('queue.issue', { service: 'social-security', priority: 'normal' })).followUrl,
      'a ticket with its live page',
    );
    expect(issued.startsWith(`${host.phonePagesUrl}/t/`)).toBe(true);
    const page = await fetch(issued);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${issued}/state`)).status).toBe(200);
  });

  it("shows the photo page's QR at the LAN address; the photo sent there arrives at the kiosk", async () => {
    const draft = await call('application.start', { serviceCode: SBK.code });
    const material = SBK.materials.find((m) => !m.onScreenForm)!;
    const opened = await call('phoneUpload.open', { draftId: draft.draftId, materialId: material.id });
    if (opened.state !== 'ready') throw new Error(`phone upload not ready in the default hall: ${opened.state}`);
    expect(opened.pageUrl.startsWith(`${host.phonePagesUrl}/p/`)).toBe(true);
    expect((await fetch(opened.pageUrl)).status).toBe(200);
    const sent = await fetch(`${opened.pageUrl}/photo`, { method: 'POST', headers: { 'content-type': PHONE_PHOTO_CONTENT_TYPE }, body: gradientJpeg(64, 48) });
    expect(sent.status).toBe(200);
    expect((await call('phoneUpload.poll', { uploadId: opened.uploadId })).photos).toHaveLength(1);
    await call('phoneUpload.close', { uploadId: opened.uploadId });
  });

  it('does not answer terminal, admin or health routes on the LAN address', async () => {
    for (const path of [platformApi.queueSnapshot.path, platformApi.push.path, platformApi.adminTerminalList.path, '/health']) {
      const answer = await fetch(`${host.phonePagesUrl}${path}`);
      expect(answer.status, path).toBe(404);
    }
    expect((await fetch(`${host.platformUrl}/health`)).status).toBe(200);
  });
});
