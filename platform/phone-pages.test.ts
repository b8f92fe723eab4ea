// The phone pages on the hall LAN, over real HTTP through the machine's non-loopback address: a phone
// reaches the live ticket and the photo page (with what they call) and nothing else; the platform's
// own address stays on loopback with every route; the live ticket's and the photo QR's addresses are
// the LAN one while the hall configures none, and the hall's own address wins once it does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lanAddress as lan, NO_LAN_SKIP_REASON } from '../test/helpers/lan.js';
import { ManualClock } from '../contract/clock.js';
import { PHONE_PHOTO_CONTENT_TYPE, PhoneUploadOpened } from '../contract/phone-upload.js';
import { PHONE_ROUTE_NAMES } from '../contract/platform-api/phone-routes.js';
import { platformApi } from '../contract/platform-api/routes.js';
import { gradientJpeg } from '../test/helpers/exif-jpeg.js';
import { assertPhoneHost, isPhoneTarget } from './phone-pages.js';
import { DEMO_HALL_CONFIG } from './queue/demo.js';
import { queueOf } from './queue/routes.js';
import { readServeOptions, ServeOptionError } from './serve-options.js';
import { startPlatform, type RunningPlatform } from './server.js';
import { adminHeaders, enrolTerminal, LOW_COST, TEST_ADMIN_TOKEN, type EnrolledTerminal } from './test/enrolment.js';
import { rawRequest } from './test/raw-http.js';

const TOKEN = 'A'.repeat(43);

describe('which requests the phone listener passes on', () => {
  it('passes the phone routes only, a query only on pages', () => {
    expect(PHONE_ROUTE_NAMES.every((name) => platformApi[name].access.kind === 'public')).toBe(true);
    expect(isPhoneTarget('GET', `/t/${TOKEN}`)).toBe(true);
    expect(isPhoneTarget('GET', `/t/${TOKEN}?lang=en`)).toBe(true);
    expect(isPhoneTarget('HEAD', `/p/${TOKEN}`)).toBe(true);
    expect(isPhoneTarget('GET', `/t/${TOKEN}/events`)).toBe(true);
    expect(isPhoneTarget('POST', `/t/${TOKEN}/away`)).toBe(true);
    expect(isPhoneTarget('POST', `/p/${TOKEN}/photo`)).toBe(true);
    expect(isPhoneTarget('POST', `/p/${TOKEN}/photo?x=1`)).toBe(false);
    expect(isPhoneTarget('DELETE', `/t/${TOKEN}`)).toBe(false);
    for (const target of [
      '/health',
      '/v1/queue/snapshot',
      '/guide/x',
      '/t/',
      '/t/a/../../v1/queue/snapshot',
      `/t/${TOKEN}/state/x`,
      '/p/%2e%2e/photo',
      `//t/${TOKEN}`,
    ])
      expect(isPhoneTarget('GET', target), target).toBe(false);
  });

  it('takes a LAN address only, never loopback or every interface', () => {
    for (const host of ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'hall.lan']) expect(() => assertPhoneHost(host), host).toThrow(/LAN address/);
    expect(() => assertPhoneHost('192.168.1.20')).not.toThrow();
    expect(() => readServeOptions({ 'phone-host': '127.0.0.1' }, {})).toThrow(ServeOptionError);
    expect(() => readServeOptions({ 'phone-port': '8740' }, {})).toThrow(/needs --phone-host/);
    expect(readServeOptions({ 'phone-host': '192.168.1.20' }, {}).phonePages).toEqual({ host: '192.168.1.20', port: 8740 });
  });
});

describe("the phone pages on this machine's LAN address", () => {
  let platform: RunningPlatform;
  let dataDir: string | undefined;
  let kiosk: EnrolledTerminal;
  let phones: string;

  beforeEach(({ skip }) => skip(!lan, NO_LAN_SKIP_REASON));
  beforeAll(async () => {
    if (!lan) return;
    dataDir = mkdtempSync(join(tmpdir(), 'hall-phone-pages-'));
    platform = await startPlatform({
      version: 't',
      dataDir,
      adminToken: TEST_ADMIN_TOKEN,
      clock: new ManualClock('2026-11-23T01:30:00Z'),
      adminPasswordCost: LOW_COST,
      queue: { awaySweepMs: 0, reminders: { pollMs: 0 } },
      phonePages: { host: lan!, port: 0 },
    });
    kiosk = await enrolTerminal(platform.app, 'kiosk-lan');
    phones = platform.phoneUrl!;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens for phones on the LAN address and for everything else on loopback', () => {
    expect(platform.phonePagesError).toBeUndefined();
    expect(new URL(phones).hostname).toBe(lan);
    expect(new URL(platform.url).hostname).toBe('127.0.0.1');
  });

  it('serves the live ticket to a phone at the LAN address the ticket names', async () => {
    const queue = queueOf(platform.app).queue;
    expect((await queue.config()).liveTicket.baseUrl).toBe(phones);
    const { liveToken, ticket } = await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    const page = await rawRequest(phones, 'GET', `/t/${liveToken}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(ticket.number);
    expect((await rawRequest(phones, 'GET', `/t/${liveToken}/state`)).status).toBe(200);
    expect((await rawRequest(phones, 'GET', `/t/${liveToken}/events`)).headers['content-type']).toMatch(/^text\/event-stream/);
    expect((await rawRequest(phones, 'POST', `/t/${liveToken}/away`)).status).toBe(200);
  });

  it('serves the photo page and takes the photo through the LAN address', async () => {
    const opened = PhoneUploadOpened.parse(
      JSON.parse(
        (
          await rawRequest(
            platform.url,
            'POST',
            platformApi.queuePhoneUploadOpen.path,
            { ...kiosk.headers, 'content-type': 'application/json' },
            JSON.stringify({ materialName: '户口簿本人页' }),
          )
        ).body,
      ),
    );
    if (!opened.available) throw new Error('phone upload is not set up');
    expect(opened.pageUrl.startsWith(`${phones}/p/`)).toBe(true);
    const path = new URL(opened.pageUrl).pathname;
    expect((await rawRequest(phones, 'GET', path)).status).toBe(200);
    const sent = await rawRequest(phones, 'POST', `${path}/photo`, { 'content-type': PHONE_PHOTO_CONTENT_TYPE }, gradientJpeg(64, 48));
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ received: true });
  });

  it('answers 404 on the LAN address to every terminal, admin and other public route, however spelled', async () => {
    const refused = [
      ['GET', '/health'],
      ['GET', platformApi.queueSnapshot.path],
      ['POST', platformApi.queuePhoneUploadOpen.path],
      ['GET', platformApi.adminTerminalList.path],
      ['GET', '/guide/sbk'],
      ['GET', `/t/${TOKEN}/../../health`],
      ['GET', `/t/%2e%2e/%2e%2e/health`],
    ] as const;
    for (const [method, target] of refused) {
      const answer = await rawRequest(phones, method, target, { ...kiosk.headers, ...adminHeaders() });
      expect(answer.status, `${method} ${target}`).toBe(404);
    }
    // The same credential works on loopback: the LAN listener, not the credential, refused them.
    expect((await rawRequest(platform.url, 'GET', platformApi.adminTerminalList.path, adminHeaders())).status).toBe(200);
  });

  it("uses the hall's own address for phones once the hall configures one", async () => {
    const queue = queueOf(platform.app).queue;
    await queue.setConfig({ ...DEMO_HALL_CONFIG, liveTicket: { awayMinutes: 15, baseUrl: 'https://queue.hall.example.gov.cn' } });
    expect((await queue.config()).liveTicket.baseUrl).toBe('https://queue.hall.example.gov.cn');
    await queue.setConfig(DEMO_HALL_CONFIG);
    expect((await queue.config()).liveTicket.baseUrl).toBe(phones);
  });
});
