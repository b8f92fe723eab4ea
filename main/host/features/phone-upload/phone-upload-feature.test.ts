// The kiosk's side of materials from the citizen's phone, against a real platform on loopback: no QR
// until the hall has a LAN address, the photo arrives re-encoded, joins the material when the citizen
// uses it, and the session's end closes the upload on the service.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostMethodName, MethodInput, MethodOutput } from '../../../../contract/host-api.js';
import { PHONE_PHOTO_CONTENT_TYPE } from '../../../../contract/phone-upload.js';
import { DEMO_HALL_CONFIG } from '../../../../platform/queue/demo.js';
import { queueOf } from '../../../../platform/queue/routes.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { hasApp1, phoneJpegWithGps } from '../../../../test/helpers/exif-jpeg.js';
import { ID_NUMBER, SBK, until } from '../../../../test/helpers/o2o-host-kit.js';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import { holdCard, startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';

const SECRET = 'phone-upload-test-secret-0123456789';

describe('phone upload at a kiosk and a proxy point', () => {
  let platform: RunningPlatform;
  let test: TestHost;
  const call = <M extends HostMethodName>(method: M, input: MethodInput<M>) => test.host.handlers[method](input as never) as Promise<MethodOutput<M>>;
  /** The phone on the hall Wi-Fi: the page's address, reached on this machine. */
  const sendPhoto = (pageUrl: string, bytes: Buffer) =>
    fetch(new URL(`${new URL(pageUrl).pathname}/photo`, platform.url), { method: 'POST', headers: { 'content-type': PHONE_PHOTO_CONTENT_TYPE }, body: bytes });

  beforeAll(async () => {
    platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: SECRET, seedCatalog: true });
    test = await startTestHost('headless', { platformUrl: platform.url, sync: { pollIntervalMs: 500 } }, platform.app);
    holdCard(test.host, { name: '王示例', idNumber: ID_NUMBER, birthDate: '1945-03-07' });
    await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length > 0 ? true : undefined), 'catalog pulled');
  }, 60_000);
  afterAll(async () => {
    await test?.host.stop();
    await platform?.close();
  });

  it('shows no QR until the hall has a LAN address; then the photo arrives without EXIF and joins the material when used', async () => {
    const draft = await call('application.start', { serviceCode: SBK.code });
    const material = SBK.materials.find((m) => !m.onScreenForm)!;
    expect(await call('phoneUpload.open', { draftId: draft.draftId, materialId: material.id })).toEqual({ state: 'not-set-up' });
    await queueOf(platform.app).queue.setConfig({ ...DEMO_HALL_CONFIG, liveTicket: { baseUrl: 'http://hall.lan:8740', awayMinutes: 15 } });

    const opened = await call('phoneUpload.open', { draftId: draft.draftId, materialId: material.id });
    if (opened.state !== 'ready') throw new Error(`not ready: ${opened.state}`);
    expect(opened.pageUrl).toMatch(/^http:\/\/hall\.lan:8740\/p\//);
    expect(opened.qrSvg).toContain('<svg');
    expect(await call('phoneUpload.poll', { uploadId: opened.uploadId })).toEqual({ state: 'waiting', photos: [] });

    expect((await sendPhoto(opened.pageUrl, phoneJpegWithGps())).status).toBe(200);
    const arrived = await call('phoneUpload.poll', { uploadId: opened.uploadId });
    expect(arrived.state).toBe('used');
    expect(arrived.photos).toHaveLength(1);
    const photo = arrived.photos[0]!;
    const bytes = Buffer.from(photo.dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    expect(hasApp1(bytes)).toBe(false);
    // Still held here after the service deleted it: a second poll shows the same photo.
    expect((await call('phoneUpload.poll', { uploadId: opened.uploadId })).photos.map((p) => p.photoId)).toEqual([photo.photoId]);

    const used = await call('phoneUpload.accept', { uploadId: opened.uploadId, photoId: photo.photoId });
    expect(used).toEqual({ materialId: material.id, sha256: createHash('sha256').update(bytes).digest('hex') });
    await expect(call('phoneUpload.poll', { uploadId: opened.uploadId })).rejects.toThrow(/ended/);
  });

  it('ends an open upload on the service when the session ends, and opens none for an ended draft', async () => {
    const draft = await call('application.start', { serviceCode: SBK.code });
    const material = SBK.materials.find((m) => !m.onScreenForm)!;
    const opened = await call('phoneUpload.open', { draftId: draft.draftId, materialId: material.id });
    if (opened.state !== 'ready') throw new Error(`not ready: ${opened.state}`);
    await call('session.end', { reason: 'idle' });
    await expect.poll(async () => (await sendPhoto(opened.pageUrl, phoneJpegWithGps())).status, { timeout: 10_000 }).toBe(404);
    await expect(call('phoneUpload.open', { draftId: draft.draftId, materialId: material.id })).rejects.toThrow(/ended/);
  });

  it("works the same at a village proxy point, whose host reaches the platform's copy of the routes", async () => {
    const admin = (path: string, body: unknown) =>
      fetch(new URL(path, platform.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, string>>);
    await queueOf(platform.app).queue.setConfig({ ...DEMO_HALL_CONFIG, liveTicket: { baseUrl: 'http://point.lan:8740', awayMinutes: 15 } });
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-lanli-1'] });
    const agent = await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李*' });
    const point = await startTestHost(
      'headless',
      { terminalId: 'proxy-lanli-1', role: 'proxy-point', platformUrl: platform.url, sync: { pollIntervalMs: 500 } },
      platform.app,
    );
    try {
      const at = <M extends HostMethodName>(method: M, input: MethodInput<M>) => point.host.handlers[method](input as never) as Promise<MethodOutput<M>>;
      await until(async () => ((await at('proxy.signIn', { card: agent.card!, pin: agent.pin! })).signedIn ? true : undefined), 'agent synced and signed in');
      await until(async () => ((await at('catalog.search', { query: 'sbk' })).hits.length > 0 ? true : undefined), 'catalog pulled at the point');
      holdCard(point.host, { name: '王示例', idNumber: ID_NUMBER, birthDate: '1945-03-07' });
      const draft = await at('application.start', { serviceCode: SBK.code });
      const material = SBK.materials.find((m) => !m.onScreenForm)!;
      const opened = await at('phoneUpload.open', { draftId: draft.draftId, materialId: material.id });
      if (opened.state !== 'ready') throw new Error(`not ready: ${opened.state}`);
      expect((await sendPhoto(opened.pageUrl, phoneJpegWithGps())).status).toBe(200);
      const [photo] = (await at('phoneUpload.poll', { uploadId: opened.uploadId })).photos;
      expect((await at('phoneUpload.accept', { uploadId: opened.uploadId, photoId: photo!.photoId })).materialId).toBe(material.id);
    } finally {
      await point.host.stop();
    }
  });
});
