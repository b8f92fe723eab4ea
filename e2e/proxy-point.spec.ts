// 村级代办 end to end: a village proxy point whose link goes down. The agent signs in offline, applies
// for a villager (ID card, materials, the signed 代办授权书), sees the case pending in the list and in
// the 日结; the link returns, the package reaches the platform exactly once, the list shows the
// platform's state, and a counter opens the package with the authorisation in it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalConfigInput, TerminalRole } from '../contract/config.js';
import { ADMIN_TOKEN, startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { giveRequiredMaterials, SBK } from './apply-steps.js';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';
import { api, FAKE_CAMERA_KIOSK, sign, simulatedDevices, startPlatformWithCatalog, terminalConfig } from './host-call.js';

// A portrait touch kiosk; Chromium's fake camera feeds the document camera.
test.use(FAKE_CAMERA_KIOSK);

test.describe('村级代办: a village proxy point offline, then synced', () => {
  let platform: PlatformProcess;
  let point: RunningHall;
  let counter: RunningHall;
  let agent: { agentId: string; card: string; pin: string };
  const platformData = mkdtempSync(join(tmpdir(), 'hall-proxy-platform-'));
  const admin = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(new URL(path, platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const terminal = (terminalId: string, role: TerminalRole, devices: TerminalConfigInput['devices'], extra?: Partial<TerminalConfigInput>) =>
    terminalConfig(platform.url, 'xihu-villages', terminalId, role, devices, extra);

  test.beforeAll(async () => {
    platform = await startPlatformWithCatalog(platformData);
    // The township enrols the point, its terminal and its agent (the card is printed, the PIN handed over sealed).
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-lanli'] });
    agent = await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李*' });
    point = await startHall(terminal('proxy-lanli', 'proxy-point', simulatedDevices('idcard', 'scanner', 'printer')), platform);
    counter = await startHall(terminal('counter-xihu', 'counter', simulatedDevices('scanner', 'printer')), platform);
  });
  test.afterAll(async () => {
    await point?.stop();
    await counter?.stop();
    await platform?.stop();
  });

  test('signs in, applies for a villager, reports the day, all offline; syncs once; the counter sees the authorisation', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await page.goto(point.openUrl);
    const sync = page.getByTestId('sync-state');
    await expect(sync).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });
    // The point, its agent and the catalog arrive with the first sync.
    await expect(page.getByTestId('proxy-point')).toContainText('兰里村代办点', { timeout: 20_000 });
    await expect.poll(async () => (await api(point, 'catalog.search', { query: 'sbk' })).hits.length, { timeout: 20_000 }).toBeGreaterThan(0);

    // The 4G link drops, and stays down through everything the agent does.
    const port = Number(new URL(platform.url).port);
    await platform.stop();
    await expect(sync).toHaveAttribute('data-connectivity', 'offline', { timeout: 10_000 });

    // Sign-in: card scanned, a wrong PIN is refused with the tries left, the right one signs in.
    await expect(page.getByTestId('proxy-scan-prompt')).toBeVisible();
    await expectAccessible(page, 'proxy sign-in');
    await api(point, 'simulator.scanner.scan', { deviceId: 'scanner', data: agent.card });
    await expect(page.getByTestId('proxy-card-read')).toContainText('李*');
    await expect(page.getByTestId('scan-notice')).toHaveCount(0);
    await page.getByTestId('proxy-pin').fill(agent.pin === '000000' ? '111111' : '000000');
    await page.getByTestId('proxy-sign-in-submit').tap();
    await expect(page.getByTestId('proxy-refusal')).toHaveAttribute('data-refusal', 'wrong-pin');
    await expect(page.getByTestId('proxy-refusal')).toContainText('还可以再试 4 次');
    await expectAccessible(page, 'proxy sign-in, PIN refused');
    await page.getByTestId('proxy-pin').fill(agent.pin);
    await page.getByTestId('proxy-sign-in-submit').tap();
    await expect(page.getByTestId('proxy-agent')).toContainText('李*');
    await expect(page.getByTestId('proxy-agent')).toContainText(agent.agentId);

    // On behalf of a villager: the item, their ID card, a phone number, the materials.
    await page.getByTestId('catalog-search').fill('sbk');
    await page.getByTestId('catalog-hit').first().tap();
    await expect(page.getByTestId('proxy-identify')).toBeVisible();
    await api(point, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await expect(page.getByTestId('proxy-villager')).toContainText('张**', { timeout: 15_000 });
    await page.getByTestId('proxy-phone').fill('13800001234');
    await page.getByTestId('proxy-next').tap();
    await giveRequiredMaterials(page);
    await page.getByTestId('proxy-next').tap();

    // The 代办授权书: item, the villager's masked name, the agent, the point, the date; the villager signs.
    const text = page.getByTestId('proxy-authorisation-text');
    await expect(text).toContainText('代办授权书');
    await expect(text).toContainText('张**');
    await expect(text).toContainText(`李*（编号${agent.agentId}）`);
    await expect(text).toContainText('兰里村代办点');
    await expect(text).toContainText(SBK.name);
    await expectAccessible(page, 'proxy authorisation');
    await sign(page);
    await page.getByTestId('proxy-submit').tap();
    const codeEl = page.getByTestId('proxy-tracking-code');
    await expect(codeEl).toBeVisible({ timeout: 15_000 });
    const trackingCode = (await codeEl.getAttribute('data-code'))!;
    await expect(sync).toContainText(/待同步 [1-9]\d* 条/);

    // The villager is gone from the host's memory and the screen; the agent is still signed in.
    expect(await api(point, 'idcard.current', {})).toBeNull();
    await expect(page.getByText('张**')).toHaveCount(0);
    await expect(page.getByTestId('proxy-agent')).toBeVisible();
    const receipt = (await api(point, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
    expect(receipt.text).toContain(trackingCode);

    // The case list: pending in the outbox, masked name only; the platform cannot be asked.
    await page.getByTestId('proxy-tab-cases').tap();
    const row = page.locator(`[data-testid=proxy-case][data-code="${trackingCode}"]`);
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText('张**');
    await expect(page.getByTestId('proxy-cases')).toHaveAttribute('data-source', 'cache');
    await expectAccessible(page, 'proxy case list');

    // 日结: one application of 社保卡申领, still pending; printed without any personal data.
    await page.getByTestId('proxy-tab-report').tap();
    await expect(page.getByTestId('proxy-report')).toHaveAttribute('data-total', '1');
    await expect(page.getByTestId('proxy-report-pending')).toHaveText('1');
    await expect(page.getByTestId('proxy-report-synced')).toHaveText('0');
    await expect(page.getByTestId('proxy-report-item')).toContainText(SBK.name);
    await expectAccessible(page, 'proxy day-end report');
    await page.getByTestId('proxy-report-print').tap();
    await expect(page.getByTestId('proxy-report-message')).toHaveText('日结单已打印', { timeout: 15_000 });
    const slip = (await api(point, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
    expect(slip.text).toContain('代办日结');
    expect(slip.text).toContain('待同步：1');
    expect(slip.text).not.toContain('张');

    // The link comes back: the package reaches the platform, and only once.
    platform = await startPlatformProcess(platformData, port);
    await expect(sync).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });
    await expect(sync).toContainText('待同步 0 条', { timeout: 20_000 });
    await expect
      .poll(async () => (await platform.query<{ state: string }>('SELECT state FROM cases WHERE tracking_code = ?', trackingCode)).map((r) => r.state), {
        timeout: 20_000,
      })
      .toEqual(['submitted']);
    const applications = await platform.query<{ n: number }>(
      "SELECT count(*) AS n FROM mutations WHERE terminal_id = 'proxy-lanli' AND kind = 'application' AND status = 'applied'",
    );
    expect(applications).toEqual([{ n: 1 }]);

    // The list now shows the platform's state; the report counts it as synced.
    await page.getByTestId('proxy-tab-cases').tap();
    await page.getByTestId('proxy-cases-refresh').tap();
    await expect(page.getByTestId('proxy-cases')).toHaveAttribute('data-source', 'platform', { timeout: 15_000 });
    await expect(row).toHaveAttribute('data-status', 'submitted');
    await page.getByTestId('proxy-tab-report').tap();
    await expect(page.getByTestId('proxy-report-synced')).toHaveText('1');

    // 一窗受理: the clerk opens the package; it is verified and carries the signed authorisation.
    await expect
      .poll(async () => (await platform.query<{ role: string }>("SELECT role FROM terminal_keys WHERE terminal_id = 'counter-xihu'")).map((r) => r.role), {
        timeout: 20_000,
      })
      .toEqual(['counter']);
    const clerk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await clerk.goto(counter.openUrl);
    await clerk.getByTestId('counter-tab-acceptance').click();
    // The panel loads on demand: scan once it listens.
    await expect(clerk.getByTestId('counter-acceptance')).toBeVisible();
    await api(counter, 'simulator.scanner.scan', { deviceId: 'scanner', data: trackingCode });
    await expect(clerk.getByTestId('counter-package')).toBeVisible({ timeout: 15_000 });
    await expect(clerk.getByTestId('counter-verification')).toHaveAttribute('data-valid', 'true');
    await expect(clerk.getByTestId('counter-proxy')).toHaveAttribute('data-readable', 'true');
    await expect(clerk.getByTestId('counter-proxy-agent')).toContainText(agent.agentId);
    await expect(clerk.getByTestId('counter-proxy-text')).toContainText('代办授权书');
    await expect(clerk.getByTestId('counter-applicant')).toContainText('张**');
    await expectAccessible(clerk, 'counter with a proxy package');
    await clerk.getByTestId('counter-accept').click();
    await expect(clerk.getByTestId('counter-message')).toContainText('已受理');

    // Back at the village, the agent sees the acceptance.
    await expect
      .poll(
        async () => {
          await page.getByTestId('proxy-tab-cases').tap();
          await page.getByTestId('proxy-cases-refresh').tap();
          return row.getAttribute('data-status');
        },
        { timeout: 30_000 },
      )
      .toBe('accepted');

    // The agent signs out; the next person at the terminal starts at the sign-in.
    await page.getByTestId('proxy-sign-out').tap();
    await expect(page.getByTestId('proxy-scan-prompt')).toBeVisible();
  });

  test('the agent is signed out when nobody touches the terminal', async ({ page }) => {
    test.setTimeout(90_000);
    // A second terminal at the point, whose idle guard asks after 5 s and wipes 3 s later.
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-lanli', 'proxy-lanli-2'] });
    const second = await startHall(
      {
        ...terminal('proxy-lanli-2', 'proxy-point', [{ id: 'scanner', kind: 'scanner', transport: { type: 'simulated' } }]),
        session: { idleSeconds: 5, countdownSeconds: 3 },
      },
      platform,
    );
    try {
      await page.goto(second.openUrl);
      await expect(page.getByTestId('proxy-point')).toContainText('兰里村代办点', { timeout: 20_000 });
      await page.getByTestId('proxy-pin').fill(agent.pin);
      await api(second, 'simulator.scanner.scan', { deviceId: 'scanner', data: agent.card });
      await page.getByTestId('proxy-sign-in-submit').tap();
      await expect(page.getByTestId('proxy-agent')).toBeVisible();
      await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 15_000 });
      await expect(page.getByTestId('proxy-scan-prompt')).toBeVisible({ timeout: 15_000 });
      expect((await api(second, 'proxy.status', {})).agent).toBeNull();
    } finally {
      await second.stop();
    }
  });
});
