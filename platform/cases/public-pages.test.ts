// The public pages behind `publicBaseUrl`, on the real platform over loopback: the URL a receipt's QR
// holds and the one a guide slip's QR holds, mapped onto the platform as the county's reverse proxy
// does (strip the public base, keep the path), answer phone-friendly pages with no personal data; an
// unknown code answers a clear 404 page; the page speaks the product's four languages. Also the
// reprint route: a receipt's contents for the applicant's card only.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { ManualClock } from '../../contract/clock.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { publicGuideUrl, publicTrackingUrl } from '../../contract/public-urls.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { TEST_ADMIN_TOKEN, enrolTerminal } from '../test/enrolment.js';
import { applicationPackage, envelope, push, terminalKey } from '../test/package-fixtures.js';
import { PUBLIC_PAGES_PER_MINUTE } from './routes.js';

const PUBLIC_BASE = 'https://zwfw.example.gov.cn/hall';
const ID_NUMBER = withIdNumberCheckCharacter('11010519800101123');
const OTHER_ID_NUMBER = withIdNumberCheckCharacter('11010519900202456');
const CODE = makeTrackingCode([2, 7, 1, 8, 2, 8, 1, 8, 2, 8]);
const UNKNOWN_CODE = makeTrackingCode([1, 1, 2, 3, 5, 8, 13, 21, 3, 4]);
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
/** The county's reverse proxy, whose X-Forwarded-For the platform believes (`--trust-proxy`). */
const COUNTY_PROXY = '198.51.100.1';

let platform: RunningPlatform;
let kiosk: Record<string, string>;
const clock = new ManualClock('2026-11-23T01:30:00Z');

/** What the county's reverse proxy does: the public base URL's path prefix is the platform's root. */
const viaProxy = (publicUrl: string) => `${platform.url}${publicUrl.slice(PUBLIC_BASE.length)}`;
const get = async (url: string) => {
  const reply = await fetch(url);
  return { status: reply.status, type: reply.headers.get('content-type') ?? '', html: await reply.text() };
};

describeOnPostgres('the public pages a phone opens from a slip', () => {
  beforeAll(async () => {
    platform = await startPlatform({
      version: 't',
      databaseUrl: await freshDatabaseUrl(),
      adminToken: TEST_ADMIN_TOKEN,
      seedCatalog: true,
      clock,
      trustProxy: [COUNTY_PROXY],
    });
    kiosk = { authorization: `Bearer ${(await enrolTerminal(platform.app, 'kiosk-a', { role: 'kiosk' })).credential}` };
    const key = terminalKey('kiosk');
    expect(await push(platform.app, kiosk, envelope('kiosk-a', 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
    const application = await applicationPackage(platform.app, {
      terminalId: 'kiosk-a',
      key,
      trackingCode: CODE,
      serviceCode: SBK.code,
      personal: { name: '王示例', idNumber: ID_NUMBER, phone: '13800001234' },
      createdAt: '2026-11-23T01:20:00.000Z',
    });
    expect(await push(platform.app, kiosk, application)).toMatchObject({ outcome: 'applied' });
  });
  afterAll(async () => platform?.close());

  it("serves the receipt QR's tracking URL as the case's state and timeline, nothing personal", async () => {
    const page = await get(viaProxy(publicTrackingUrl(PUBLIC_BASE, CODE)));
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.html).toContain('<html lang="zh-CN"');
    expect(page.html).toContain('name="viewport"');
    expect(page.html).toContain('社保卡申领');
    expect(page.html).toContain('data-state="submitted"');
    expect(page.html).toContain('已提交');
    // The hall's local time (UTC+8), as on the receipt.
    expect(page.html).toContain('2026-11-23 09:20');
    for (const secret of ['王示例', ID_NUMBER, '13800001234', 'kiosk-a']) expect(page.html).not.toContain(secret);
  });

  it('speaks the four languages of the product, simplified Chinese by default', async () => {
    const url = viaProxy(publicTrackingUrl(PUBLIC_BASE, CODE));
    expect((await get(`${url}?lang=en`)).html).toMatch(/<html lang="en"[\s\S]*Submitted/);
    expect((await get(`${url}?lang=zh-HK`)).html).toMatch(/<html lang="zh-HK"[\s\S]*辦理進度/);
    expect((await get(`${url}?lang=ug`)).html).toMatch(/<html lang="ug" dir="rtl"[\s\S]*تاپشۇرۇلدى/);
    expect((await get(`${url}?lang=fr`)).html).toContain('<html lang="zh-CN"');
  });

  it('answers an unknown or mistyped code with a clear 404 page', async () => {
    const unknown = await get(viaProxy(publicTrackingUrl(PUBLIC_BASE, UNKNOWN_CODE)));
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('text/html');
    expect(unknown.html).toContain('没有查到这个编号');
    const mistyped = await get(viaProxy(publicTrackingUrl(PUBLIC_BASE, `${CODE.slice(0, -1)}${CODE.endsWith('A') ? 'B' : 'A'}`)));
    expect(mistyped.status).toBe(404);
    expect(mistyped.html).toContain('受理编号有误');
    expect((await get(`${viaProxy(publicTrackingUrl(PUBLIC_BASE, UNKNOWN_CODE))}?lang=en`)).html).toContain('No case with this code');
  });

  it("serves the guide slip's QR URL as the item's guide", async () => {
    const page = await get(viaProxy(publicGuideUrl(PUBLIC_BASE, SBK.code)));
    expect(page.status).toBe(200);
    expect(page.html).toContain(SBK.name);
    expect(page.html).toContain('name="viewport"');
  });

  it("gives a receipt's contents to the applicant's card only", async () => {
    const ask = (code: string, idNumber: string) =>
      platform.app.inject({ method: 'POST', url: `/v1/cases/${code}/receipt`, headers: kiosk, payload: { idNumber } });
    const mine = await ask(CODE, ID_NUMBER);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      receipts: [{ trackingCode: CODE, serviceCode: SBK.code, itemName: SBK.name, submittedAt: '2026-11-23T01:20:00.000Z' }],
    });
    expect(mine.body).not.toContain('王示例');
    expect((await ask(CODE, OTHER_ID_NUMBER)).statusCode).toBe(403);
    expect((await ask(UNKNOWN_CODE, ID_NUMBER)).statusCode).toBe(404);
    // Anonymous callers never reach it.
    expect((await platform.app.inject({ method: 'POST', url: `/v1/cases/${CODE}/receipt`, payload: { idNumber: ID_NUMBER } })).statusCode).toBe(401);
  });

  it('slows a caller walking codes down, per phone behind the trusted proxy: a page saying so, 429', async () => {
    clock.advance(120_000);
    const url = `/track/${UNKNOWN_CODE}`;
    const viaCounty = (phone: string) => ({ remoteAddress: COUNTY_PROXY, headers: { 'x-forwarded-for': phone } });
    for (let i = 0; i < PUBLIC_PAGES_PER_MINUTE; i += 1) expect((await platform.app.inject({ url, ...viaCounty('203.0.113.9') })).statusCode).toBe(404);
    const refused = await platform.app.inject({ url, ...viaCounty('203.0.113.9') });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('查询太频繁');
    // Another phone behind the same proxy still gets its page.
    expect((await platform.app.inject({ url: `/track/${CODE}`, ...viaCounty('203.0.113.10') })).statusCode).toBe(200);
    // A caller that is not the proxy cannot pose as another phone: its own address is counted.
    for (let i = 0; i < PUBLIC_PAGES_PER_MINUTE; i += 1)
      await platform.app.inject({ url, remoteAddress: '192.0.2.7', headers: { 'x-forwarded-for': `192.0.2.${100 + (i % 50)}` } });
    expect((await platform.app.inject({ url, remoteAddress: '192.0.2.7', headers: { 'x-forwarded-for': '192.0.2.99' } })).statusCode).toBe(429);
  });
});
