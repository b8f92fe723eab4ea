import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { LiveTicketView } from '../../contract/live-ticket.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { queueOptionsFromEnvironment, startPlatform, type RunningPlatform } from '../server.js';
import { enrolTerminal, LOW_COST, TEST_ADMIN_TOKEN } from '../test/enrolment.js';
import { rawRequest } from '../test/raw-http.js';
import { liveTicketLanguage } from './live-ticket-page.js';
import { queueOf } from './routes.js';

/** Reads an event stream until `count` events of `name` arrived. */
function readEvents(url: string, name: string, count: number, timeoutMs = 10_000): Promise<{ events: unknown[]; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const events: unknown[] = [];
    let buffer = '';
    const req = request(url, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes(`event: ${name}`))
            events.push(
              JSON.parse(
                block
                  .split('\n')
                  .find((l) => l.startsWith('data: '))!
                  .slice(6),
              ),
            );
          if (events.length === count) {
            clearTimeout(timer);
            resolve({ events, stop: () => req.destroy() });
          }
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`only ${events.length} of ${count} events`));
    }, timeoutMs);
    req.on('error', () => undefined);
    req.end();
  });
}

describeOnPostgres('live ticket routes', async () => {
  let platform: RunningPlatform;
  beforeAll(async () => {
    platform = await startPlatform({
      version: 't',
      databaseUrl: await freshDatabaseUrl(),
      adminToken: TEST_ADMIN_TOKEN,
      clock: new ManualClock('2026-11-23T01:30:00Z'),
      adminPasswordCost: LOW_COST,
      queue: { livePerMinute: 12, awaySweepMs: 0, reminders: { pollMs: 0 } },
    });
  });
  afterAll(() => platform?.close());

  it('serves the page in the phone’s language with a nonce-only script, and no personal data', async () => {
    const { liveToken, ticket } = await queueOf(platform.app).queue.issue({
      service: 'social-security',
      priority: 'normal',
      source: 'kiosk',
      phone: '13800138000',
    });
    const page = await rawRequest(platform.url, 'GET', `/t/${liveToken}`, { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="en"');
    expect(page.body).toContain(ticket.number);
    expect(page.body).toContain("I'm stepping out");
    expect(page.body).not.toContain('13800138000');
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'nonce-[^']+'/);
    expect((await rawRequest(platform.url, 'GET', `/t/${liveToken}?lang=ug`)).body).toContain('dir="rtl"');
    expect((await rawRequest(platform.url, 'GET', `/t/${liveToken}`)).body).toContain('<html lang="zh-CN"');
    expect((await rawRequest(platform.url, 'GET', `/t/${'B'.repeat(43)}`)).status).toBe(404);
    expect((await rawRequest(platform.url, 'GET', '/t/too-short')).status).toBe(400);
  });

  it('pushes the view over SSE as the queue moves, and takes the citizen’s buttons', async () => {
    const queue = queueOf(platform.app).queue;
    const { liveToken } = await queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    const stream = readEvents(`${platform.url}/t/${liveToken}/events`, 'ticket', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await queue.callNext('counter-4');
    const { events, stop } = await stream;
    stop();
    const views = events.map((e) => LiveTicketView.parse(e));
    expect(views.map((v) => v.state)).toEqual(['waiting', 'called']);
    expect(views[1]!.window).toBe('4');
    const away = await rawRequest(platform.url, 'POST', `/t/${liveToken}/away`);
    expect(away.status).toBe(409);
  });

  it("lets a kiosk's 评价 find the ticket by the token its QR carries, as by its id", async () => {
    const { liveToken, ticket } = await queueOf(platform.app).queue.issue({ service: 'id-card', priority: 'normal', source: 'kiosk' });
    const kiosk = await enrolTerminal(platform.app, 'kiosk-rating');
    for (const id of [liveToken!, ticket.id]) {
      const reply = await rawRequest(platform.url, 'GET', `/v1/queue/tickets/${id}`, kiosk.headers);
      expect(JSON.parse(reply.body)).toMatchObject({ ticket: { id: ticket.id, number: ticket.number } });
    }
    expect((await rawRequest(platform.url, 'GET', `/v1/queue/tickets/${'C'.repeat(43)}`, kiosk.headers)).status).toBe(404);
  });

  it('limits the live routes per address', async () => {
    const { liveToken } = await queueOf(platform.app).queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await rawRequest(platform.url, 'GET', `/t/${liveToken}/state`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(12);
  });

  it('reads the gateways and the per-address budget from the environment, refusing a bad one', () => {
    expect(queueOptionsFromEnvironment({})).toEqual({});
    expect(
      queueOptionsFromEnvironment({
        HALL_NOTIFY: '{"sms":{"kind":"http-sms","url":"http://127.0.0.1:9/sms","tokenEnv":"SMS_TOKEN"}}',
        HALL_LIVE_TICKET_PER_MINUTE: '600',
      }),
    ).toMatchObject({
      notify: { sms: { kind: 'http-sms', url: 'http://127.0.0.1:9/sms', tokenEnv: 'SMS_TOKEN' } },
      queue: { livePerMinute: 600 },
    });
    expect(() => queueOptionsFromEnvironment({ HALL_LIVE_TICKET_PER_MINUTE: 'lots' })).toThrow(/positive whole number/);
    expect(() => queueOptionsFromEnvironment({ HALL_NOTIFY: '{"sms":{"kind":"http-sms","url":"ftp://x"}}' })).toThrow();
  });

  it('picks the page language from Accept-Language, or zh-CN', () => {
    expect(liveTicketLanguage(undefined, 'zh-TW,zh;q=0.9')).toBe('zh-HK');
    expect(liveTicketLanguage(undefined, 'fr-FR,en;q=0.5')).toBe('en');
    expect(liveTicketLanguage(undefined, 'fr-FR')).toBe('zh-CN');
    expect(liveTicketLanguage('ug', 'en')).toBe('ug');
    expect(liveTicketLanguage('xx', undefined)).toBe('zh-CN');
  });
});
