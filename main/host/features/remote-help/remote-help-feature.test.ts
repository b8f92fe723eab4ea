// 远程帮办 while the link is down, end to end between real hosts and a real platform: the kiosk sends a
// help request (voice note, the draft's item and material) while the platform is stopped; it waits in
// the encrypted outbox across a restart of the kiosk, goes out once when the platform is back, and
// arrives once on the counter's 帮办席, where the clerk answers it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostMethodName, MethodInput, MethodOutput } from '../../../../contract/host-api.js';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import { holdCard, startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';
import { ID_NUMBER, SBK, until } from '../../../../test/helpers/o2o-host-kit.js';
import { jpeg } from '../../../../test/helpers/sample-images.js';
import { platformContext, startPlatform, type RunningPlatform } from '../../../../platform/server.js';

const PHONE = '13987654321';
/** A WebM voice note: the EBML magic, then a phrase that must never be found in clear on the kiosk's disk. */
const NOTE_WORDS = 'the citizen asks how to fill the household form';
const NOTE = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from(NOTE_WORDS.repeat(8))]);

const call = <M extends HostMethodName>(test: TestHost, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  test.host.handlers[method](input as never) as Promise<MethodOutput<M>>;

/** Every file under a folder (the kiosk's SQLite store, its blob files, its logs). */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

describe('help requests through the outbox (远程帮办 while the link is down)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('saves the request while the platform is away, keeps it sealed across a restart, delivers it once, and the counter answers it', async () => {
    const platformDir = mkdtempSync(join(tmpdir(), 'hall-help-platform-'));
    const databaseUrl = await freshDatabaseUrl();
    let platform: RunningPlatform = await startPlatform({ version: 't', dataDir: platformDir, databaseUrl, seedCatalog: true });
    const port = Number(new URL(platform.url).port);
    cleanups.push(
      () => rmSync(platformDir, { recursive: true, force: true }),
      () => platform.close(),
    );

    let kiosk = await startTestHost('headless', { terminalId: 'kiosk-07', role: 'kiosk', platformUrl: platform.url }, platform.app);
    cleanups.push(() => kiosk.host.stop());
    const counter = await startTestHost(
      'headless',
      { terminalId: 'counter-01', role: 'counter', platformUrl: platform.url, queue: { counterId: 'counter-1' } },
      platform.app,
    );
    cleanups.push(() => counter.host.stop());
    await until(async () => ((await call(counter, 'remoteHelp.list', {})).online ? true : undefined), 'counter online');

    // The citizen has chosen an item and photographed one material.
    await until(async () => ((await call(kiosk, 'catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog pulled');
    holdCard(kiosk.host, { name: '王示例', idNumber: ID_NUMBER, birthDate: '1945-03-07' });
    const draft = await call(kiosk, 'application.start', { serviceCode: SBK.code });
    const captured = await call(kiosk, 'application.material', {
      draftId: draft.draftId,
      materialId: 'photo',
      source: 'capture',
      mediaType: 'image/jpeg',
      imageBase64: jpeg(),
    });
    const photo = { sha256: captured.sha256! };

    // The link drops; the citizen records and sends.
    await platform.close();
    await expect(call(counter, 'remoteHelp.accept', { requestId: 'no-such-request' })).rejects.toMatchObject({ code: 'unavailable' });
    const sent = await call(kiosk, 'remoteHelp.send', {
      noteBase64: NOTE.toString('base64'),
      mediaType: 'audio/webm',
      seconds: 14,
      step: 'materials',
      draftId: draft.draftId,
      phone: PHONE,
    });
    expect(sent.delivery).toBe('saved');
    expect((await call(kiosk, 'remoteHelp.delivery', { requestId: sent.requestId })).delivery).toBe('saved');
    // Only a kiosk or proxy point sends, only a counter lists and answers.
    await expect(
      call(counter, 'remoteHelp.send', { noteBase64: NOTE.toString('base64'), mediaType: 'audio/webm', seconds: 14, step: 'home' }),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(call(kiosk, 'remoteHelp.list', {})).rejects.toMatchObject({ code: 'unauthorized' });
    // Not a voice note: refused before anything is stored.
    await expect(
      call(kiosk, 'remoteHelp.send', { noteBase64: Buffer.from('x'.repeat(200)).toString('base64'), mediaType: 'audio/webm', seconds: 3, step: 'home' }),
    ).rejects.toMatchObject({ code: 'bad-input' });

    // The kiosk restarts (power cut) while the request waits; nothing of it is on its disk in clear.
    await kiosk.host.stop();
    for (const file of filesUnder(kiosk.dataDir)) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(NOTE_WORDS)), file).toBe(false);
      expect(bytes.includes(Buffer.from(PHONE)), file).toBe(false);
    }
    kiosk = await startTestHost('headless', { terminalId: 'kiosk-07', role: 'kiosk', platformUrl: platform.url }, undefined, { dataDir: kiosk.dataDir });
    // Restarted, the kiosk still knows the request is waiting (the outbox says so), and an id it never sent stays unknown.
    expect((await call(kiosk, 'remoteHelp.delivery', { requestId: sent.requestId })).delivery).toBe('saved');
    await expect(call(kiosk, 'remoteHelp.delivery', { requestId: 'not-sent-here' })).rejects.toMatchObject({ code: 'not-found' });

    // The link returns.
    platform = await startPlatform({ version: 't', dataDir: platformDir, databaseUrl, port });
    const listed = await until(async () => {
      const view = await call(counter, 'remoteHelp.list', {});
      return view.requests.length ? view.requests : undefined;
    }, 'the request on the counter');
    expect(listed).toHaveLength(1);
    const [request] = listed;
    expect(request).toMatchObject({
      id: sent.requestId,
      terminalId: 'kiosk-07',
      source: 'kiosk',
      step: 'materials',
      serviceCode: SBK.code,
      itemName: SBK.name,
      maskedPhone: '139****4321',
      state: 'open',
      note: { mediaType: 'audio/webm', seconds: 14 },
      materials: [{ materialId: 'photo', sha256: photo.sha256, mediaType: 'image/jpeg' }],
    });
    const { db } = platformContext(platform.app);
    expect(await db.query("SELECT mutation_id FROM mutations WHERE kind = 'help-request'")).toHaveLength(1);
    // The restarted kiosk says delivered once the platform acked it.
    await until(
      async () => ((await call(kiosk, 'remoteHelp.delivery', { requestId: sent.requestId })).delivery === 'delivered' ? true : undefined),
      'the restarted kiosk sees its request delivered',
    );

    // The clerk plays the note, sees the photo, reveals the number and calls back.
    expect(await call(counter, 'remoteHelp.file', { requestId: request!.id, sha256: request!.note.sha256 })).toEqual({
      mediaType: 'audio/webm',
      base64: NOTE.toString('base64'),
    });
    expect((await call(counter, 'remoteHelp.file', { requestId: request!.id, sha256: photo.sha256 })).mediaType).toBe('image/jpeg');
    expect(await call(counter, 'remoteHelp.revealPhone', { requestId: request!.id })).toEqual({ phone: PHONE });
    const answered = await call(counter, 'remoteHelp.callBack', { requestId: request!.id, note: '已回电，明天到窗口办理' });
    expect(answered.request).toMatchObject({ state: 'called-back', counter: { id: 'counter-1' }, answerNote: '已回电，明天到窗口办理' });
    expect(answered.request.maskedPhone).toBeUndefined();
    await expect(call(counter, 'remoteHelp.revealPhone', { requestId: request!.id })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call(counter, 'remoteHelp.accept', { requestId: request!.id })).rejects.toMatchObject({ code: 'conflict' });
    expect((await call(counter, 'remoteHelp.list', {})).requests).toEqual([answered.request]);

    // With the link up, a request from the home screen reaches the 帮办席 and the kiosk can say so.
    const online = await call(kiosk, 'remoteHelp.send', { noteBase64: NOTE.toString('base64'), mediaType: 'audio/webm', seconds: 5, step: 'home' });
    await until(
      async () => ((await call(kiosk, 'remoteHelp.delivery', { requestId: online.requestId })).delivery === 'delivered' ? true : undefined),
      'delivered',
    );
    const both = await until(async () => {
      const view = await call(counter, 'remoteHelp.list', {});
      return view.requests.length === 2 ? view.requests : undefined;
    }, 'the second request on the counter');
    // Answered, the number is gone from the platform; the new request left none.
    expect(both.map((r) => [r.id, r.state, r.maskedPhone])).toEqual([
      [request!.id, 'called-back', undefined],
      [online.requestId, 'open', undefined],
    ]);
    await call(counter, 'remoteHelp.accept', { requestId: online.requestId });
    expect((await call(counter, 'remoteHelp.list', {})).requests.map((r) => r.state)).toEqual(['called-back', 'accepted']);
  });
});
