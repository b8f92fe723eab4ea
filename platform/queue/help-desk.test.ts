// Help requests sent offline (远程帮办) on the platform: recorded once from the sync push, sealed at
// rest, on the queue's stream for counters only, listed for the sender's hall, answered by the first
// counter to take one; revealing the call-back number is audited.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import type { QueueEvent } from '../../contract/queue.js';
import type { HelpRequest } from '../../contract/remote-help.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { TEST_ADMIN_TOKEN } from '../test/enrolment.js';
import { enrol, helpRequest, push, storedBlob, VOICE_NOTE } from '../test/package-fixtures.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { queueOf } from './routes.js';

const PHONE = '13912345678';

describeOnPostgres('help requests through the outbox (帮办席)', () => {
  let platform: RunningPlatform;
  let dataDir: string;
  const headers: Record<string, Record<string, string>> = {};
  const events: QueueEvent[] = [];

  const get = async <T>(as: string, url: string): Promise<{ status: number; body: T }> => {
    const res = await platform.app.inject({ method: 'GET', url, headers: headers[as]! });
    return { status: res.statusCode, body: res.json() as T };
  };
  const post = async <T>(as: string, url: string, payload: object): Promise<{ status: number; body: T }> => {
    const res = await platform.app.inject({ method: 'POST', url, headers: headers[as]!, payload });
    return { status: res.statusCode, body: res.json() as T };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hall-help-'));
    platform = await startPlatform({
      version: 't',
      dataDir,
      databaseUrl: await freshDatabaseUrl(),
      adminToken: TEST_ADMIN_TOKEN,
      seedCatalog: true,
      clock: new ManualClock('2026-11-23T01:30:00Z'),
    });
    headers.kiosk = await enrol(platform.app, 'kiosk-h1', { hallId: 'hall-a' });
    headers.proxy = await enrol(platform.app, 'proxy-h1', { hallId: 'hall-a' });
    headers.counter1 = await enrol(platform.app, 'counter-h1', { hallId: 'hall-a', counterId: 'counter-1' });
    headers.counter2 = await enrol(platform.app, 'counter-h2', { hallId: 'hall-a', counterId: 'counter-2' });
    headers.otherHall = await enrol(platform.app, 'counter-x1', { hallId: 'hall-b', counterId: 'counter-3' });
    headers.display = await enrol(platform.app, 'display-h1', { hallId: 'hall-a' });
    queueOf(platform.app).queue.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a request once however often the push is retried, and tells the counters once', async () => {
    const photo = await storedBlob(platform.app, Buffer.from('jpeg bytes of a household register page'));
    const request = await helpRequest(platform.app, 'kiosk-h1', {
      phone: PHONE,
      materials: [{ materialId: 'photo', name: '近期免冠照片', sha256: photo, mediaType: 'image/jpeg' }],
    });
    expect(await push(platform.app, headers.kiosk!, request)).toEqual({ mutationId: request.mutationId, outcome: 'applied' });
    // A lost reply: the terminal pushes the same mutation again.
    expect(await push(platform.app, headers.kiosk!, request)).toMatchObject({ outcome: 'duplicate' });
    await queueOf(platform.app).queue.pump();
    const requested = events.filter((e) => e.type === 'help.requested');
    expect(requested).toHaveLength(1);
    expect(requested[0]!.help).toMatchObject({
      id: request.payload.requestId,
      terminalId: 'kiosk-h1',
      source: 'kiosk',
      step: 'materials',
      itemName: '社会保障卡申领',
      maskedPhone: '139****5678',
      state: 'open',
    });
    const { body } = await get<{ requests: HelpRequest[] }>('counter1', '/v1/queue/help-requests');
    expect(body.requests.map((r) => r.id)).toEqual([request.payload.requestId]);
    expect(JSON.stringify(body)).not.toContain(PHONE);
    // Another hall's counters do not see it, nor fetch its files.
    expect((await get<{ requests: HelpRequest[] }>('otherHall', '/v1/queue/help-requests')).body.requests).toEqual([]);
    expect((await get('otherHall', `/v1/queue/help-requests/${request.payload.requestId}/files/${request.blobs[0]}`)).status).toBe(404);
    // The voice note and the material are served to the hall's counters as they were sent.
    const note = await get<{ mediaType: string; base64: string }>('counter1', `/v1/queue/help-requests/${request.payload.requestId}/files/${request.blobs[0]}`);
    expect(note.body).toEqual({ mediaType: 'audio/webm', base64: VOICE_NOTE.toString('base64') });
    expect((await get<{ mediaType: string }>('counter1', `/v1/queue/help-requests/${request.payload.requestId}/files/${photo}`)).body.mediaType).toBe(
      'image/jpeg',
    );
  });

  it('keeps what the citizen said and left sealed: no phone, note or item in clear in the database or on disk', async () => {
    const { db } = platformContext(platform.app);
    const tables = ['help_requests', 'mutations', 'queue_events'];
    for (const table of tables) {
      const dump = JSON.stringify(await db.query(`SELECT * FROM ${table}`));
      expect(dump, table).not.toContain(PHONE);
      expect(dump, table).not.toContain('139****5678');
    }
    expect(JSON.stringify(await db.query('SELECT * FROM help_requests'))).not.toContain('社会保障卡');
    // The mutation keeps no personal copy: the request's row holds the sealed number.
    expect(
      (await db.query<{ personal_json: string | null }>("SELECT personal_json FROM mutations WHERE kind = 'help-request'")).every(
        (r) => r.personal_json === null,
      ),
    ).toBe(true);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const marker = Buffer.from('opus voice note of a citizen');
    expect(files(join(dataDir, 'blobs')).filter((file) => readFileSync(file).includes(marker))).toEqual([]);
  });

  it('does not show help requests to terminals other than counters, on the stream or the list', async () => {
    expect((await get('display', '/v1/queue/help-requests')).status).toBe(403);
    expect((await get('kiosk', '/v1/queue/help-requests')).status).toBe(403);
    const streamed = async (as: string) => {
      const res = await fetch(`${platform.url}/v1/queue/events?since=0`, { headers: headers[as]! });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('event: ready')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      return text;
    };
    expect(await streamed('counter1')).toContain('help.requested');
    expect(await streamed('display')).not.toContain('help.requested');
    expect(await streamed('otherHall')).not.toContain('help.requested');
  });

  it('lets the first counter answer and tells the next who did; the reveal of the phone is audited', async () => {
    const {
      body: {
        requests: [open],
      },
    } = await get<{ requests: HelpRequest[] }>('counter1', '/v1/queue/help-requests');
    const reveal = await post<{ phone: string }>('counter2', `/v1/queue/help-requests/${open!.id}/reveal-phone`, { counterId: 'counter-2' });
    expect(reveal.body).toEqual({ phone: PHONE });
    const audit = await platformContext(platform.app).db.query<{ admin: string; route: string; target_json: string }>(
      "SELECT admin, route, target_json FROM admin_audit WHERE route = 'queueHelpRevealPhone'",
    );
    expect(audit).toEqual([
      { admin: 'terminal:counter-h2', route: 'queueHelpRevealPhone', target_json: JSON.stringify({ helpRequest: open!.id, counter: 'counter-2' }) },
    ]);
    // A counter answers only for the counter it is bound to.
    expect((await post('counter1', `/v1/queue/help-requests/${open!.id}/call-back`, { counterId: 'counter-2', note: '已回电' })).status).toBe(403);

    const [first, second] = await Promise.all([
      post<{ request: HelpRequest }>('counter2', `/v1/queue/help-requests/${open!.id}/call-back`, { counterId: 'counter-2', note: '已回电，约明天上午来窗口' }),
      post<{ request: HelpRequest; message?: string }>('counter1', `/v1/queue/help-requests/${open!.id}/accept`, { counterId: 'counter-1' }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = first.status === 200 ? first.body.request : second.body.request;
    expect(winner).toMatchObject({ id: open!.id, counter: { id: first.status === 200 ? 'counter-2' : 'counter-1' } });
    expect(winner.state).toBe(first.status === 200 ? 'called-back' : 'accepted');
    await queueOf(platform.app).queue.pump();
    expect(events.filter((e) => e.type === 'help.answered').map((e) => e.help?.id)).toEqual([open!.id]);
    const listed = (await get<{ requests: HelpRequest[] }>('counter1', '/v1/queue/help-requests')).body.requests;
    expect(listed).toEqual([winner]);
    // Answered: the number is erased, not kept sealed.
    expect(winner.maskedPhone).toBeUndefined();
    expect(await platformContext(platform.app).db.query("SELECT id FROM help_requests WHERE phone_sealed IS NOT NULL AND state <> 'open'")).toEqual([]);
    expect((await post('counter2', `/v1/queue/help-requests/${open!.id}/reveal-phone`, { counterId: 'counter-2' })).status).toBe(404);
  });

  it('refuses what is not a help request from a kiosk or proxy point: a counter sending one, a wrong source, a file not sent with it', async () => {
    const fromCounter = await helpRequest(platform.app, 'counter-h1');
    expect(await push(platform.app, headers.counter1!, fromCounter)).toMatchObject({
      outcome: 'rejected',
      reason: 'help requests come from kiosks and proxy points',
    });
    const lying = await helpRequest(platform.app, 'kiosk-h1');
    lying.payload.source = 'proxy-point';
    expect(await push(platform.app, headers.kiosk!, lying)).toMatchObject({ outcome: 'rejected', reason: 'the request names another kind of terminal' });
    const missing = await helpRequest(platform.app, 'proxy-h1');
    missing.blobs = [];
    expect(await push(platform.app, headers.proxy!, missing)).toMatchObject({
      outcome: 'rejected',
      reason: 'a file the request refers to was not sent with it',
    });
    const badPhone = await helpRequest(platform.app, 'proxy-h1', { phone: '12345' });
    expect(await push(platform.app, headers.proxy!, badPhone)).toMatchObject({ outcome: 'rejected' });
    const fine = await helpRequest(platform.app, 'proxy-h1');
    expect(await push(platform.app, headers.proxy!, fine)).toMatchObject({ outcome: 'applied' });
  });
});
