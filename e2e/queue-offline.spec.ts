import { expect, test } from '@playwright/test';
import { startPlatformProcess } from '../test/helpers/platform-process.js';
import { api, startQueueHall, waitFor, type QueueHall } from './queue-helpers.js';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let hall: QueueHall;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  hall = await startQueueHall();
});
test.afterAll(async () => hall?.stop());

test('the hall service stops mid-morning: kiosks issue leased numbers, which rejoin in issue order, none lost or duplicated', async ({ browser }) => {
  const [k1, k2, k3] = hall.kiosks as [typeof hall.display, typeof hall.display, typeof hall.display];
  const [c1] = hall.counters as [typeof hall.display];
  const counterPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const kioskPage = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  await counterPage.goto(c1.openUrl);
  await expect(counterPage.getByTestId('counter-policy')).toBeVisible();

  // A service finished before the outage: its rating is still taken while the hall service is away.
  const served = await api(k2, 'queue.issue', { service: 'medical-insurance', priority: 'normal' });
  expect((await api(c1, 'queue.call', {})).ticket?.id).toBe(served.ticket.id);
  await api(c1, 'queue.finish', {});
  const before = await api(k1, 'queue.issue', { service: 'social-security', priority: 'normal' });
  expect(before.offline).toBe(false);
  await waitFor(
    async () => (await api(k3, 'queue.ticket', { ticketId: served.ticket.id })).ticket?.state === 'finished',
    10_000,
    'the kiosk saw the service finish',
  );

  // The hall service goes away.
  const port = Number(new URL(hall.platform.url).port);
  await hall.platform.stop();
  await expect(counterPage.getByTestId('counter-degraded')).toBeVisible({ timeout: 10_000 });

  // Kiosks keep issuing from their leased blocks, interleaved; one of them in the UI.
  const offline = [];
  for (const kiosk of [k2, k1, k3, k2, k1]) offline.push(await api(kiosk, 'queue.issue', { service: 'social-security', priority: 'normal' }));
  await kioskPage.goto(k3.openUrl);
  await kioskPage.getByTestId('tile-ticket').tap();
  await expect(kioskPage.getByTestId('queue-offline-note')).toBeVisible();
  // Offline the kiosk does not know who waits: it says so, never "0 人 · 约 0 分钟".
  await expect(kioskPage.getByTestId('service-medical-insurance')).toContainText('等候人数暂时无法得知');
  await kioskPage.getByTestId('service-medical-insurance').tap();
  await expect(kioskPage.getByTestId('ticket-offline')).toBeVisible();
  await expect(kioskPage.getByTestId('ticket-ahead')).toHaveText('暂时无法得知（叫号系统离线）');
  const paper = (await api(k3, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
  expect(paper.text).toContain('暂时无法得知');
  expect(paper.text).not.toContain('前面还有');
  expect(paper.text).not.toContain('微信扫码');
  // A rating with a reason button only, kept in the outbox until the hall service returns.
  const buffered = await api(k3, 'queue.evaluate', { ticketId: served.ticket.id, level: 1, reasons: ['long-wait'] });
  expect(buffered.buffered).toBe(true);
  const uiNumber = (await kioskPage.getByTestId('ticket-number').textContent())!;
  expect(offline.every((t) => t.offline)).toBe(true);
  const numbers = [...offline.map((t) => t.ticket.number), uiNumber];
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers).not.toContain(before.ticket.number);
  await expect(api(c1, 'queue.call', {})).rejects.toThrow(/unavailable/);

  // It comes back on the same address: every offline ticket rejoins once.
  hall.platform = await startPlatformProcess(hall.platformData, port);
  for (const k of [k1, k2, k3])
    await waitFor(
      async () => {
        const { connectivity } = await api(k, 'queue.snapshot', {});
        return connectivity.online && connectivity.pendingOffline === 0;
      },
      30_000,
      'offline tickets rejoined',
    );
  await expect(counterPage.getByTestId('counter-degraded')).toBeHidden({ timeout: 10_000 });

  const rows = await hall.platform.query<{ id: string; number: string; offline: number; issued_at: string }>(
    "SELECT id, number, offline, issued_at FROM queue_tickets WHERE service IN ('social-security', 'medical-insurance') ORDER BY issued_at",
  );
  const ids = rows.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const t of offline) expect(ids.filter((id) => id === t.ticket.id)).toHaveLength(1);
  expect(rows.filter((r) => r.offline === 1)).toHaveLength(offline.length + 1);

  // The counter calls them in issue order after the ticket issued before the outage.
  const called: string[] = [];
  for (let i = 0; i < offline.length + 2; i++) {
    const out = await api(c1, 'queue.call', {});
    called.push(out.ticket!.number);
    await api(c1, 'queue.finish', {});
  }
  expect(called).toEqual([before.ticket.number, ...offline.map((t) => t.ticket.number), uiNumber]);
  // Each offline ticket also reached the platform once through the outbox.
  await waitFor(
    async () => (await hall.platform.query("SELECT 1 FROM mutations WHERE kind = 'ticket'")).length === offline.length + 1,
    20_000,
    'outbox drained',
  );
  // The buffered rating reached the hall's 好差评 once, with its reason, and opened a follow-up.
  await waitFor(
    async () =>
      (await hall.platform.query<{ reason: string }>('SELECT reason FROM queue_evaluations WHERE ticket_id = ?', served.ticket.id))[0]?.reason ===
      '等候时间太长',
    20_000,
    'buffered rating sent',
  );
  expect(await hall.platform.query('SELECT 1 FROM queue_followups WHERE ticket_id = ?', served.ticket.id)).toHaveLength(1);
  await waitFor(
    async () => (await hall.platform.query("SELECT 1 FROM mutations WHERE kind = 'evaluation'")).length === 1,
    20_000,
    'rating in the outbox reached the platform',
  );
});
