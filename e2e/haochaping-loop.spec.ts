// The 好差评 loop end to end: a bad rating given at the counter opens a follow-up, which the manager's
// view (?view=stats) lists; when the hall service's clock passes the hour it turns overdue, and the
// supervisor records the contact in the view.
import { expect, test } from '@playwright/test';
import { setHallConfig, waitFor } from './queue-helpers.js';
import { api, terminalConfig } from './host-call.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test.describe.configure({ mode: 'serial', timeout: 240_000 });

let platform: PlatformProcess;
let counter: RunningHall;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  platform = await startPlatformProcess(mkdtempSync(join(tmpdir(), 'hall-haochaping-')));
  await setHallConfig(platform);
  counter = await startHall(
    terminalConfig(platform.url, 'demo-hall', 'counter-01', 'counter', [], { queue: { counterId: 'counter-1', leasePrefixes: [] } }),
    platform,
  );
  await waitFor(async () => (await api(counter, 'queue.snapshot', {})).connectivity.online, 60_000, 'counter online');
});
test.afterAll(async () => {
  await counter?.stop();
  await platform?.stop();
});

test('a bad rating opens a follow-up that turns overdue when the clock passes 1 h, and the supervisor records contact', async ({ browser }) => {
  const issued = await api(counter, 'queue.issue', { service: 'social-security', priority: 'normal' });
  await api(counter, 'queue.call', {});
  await api(counter, 'queue.start', {});
  await api(counter, 'queue.finish', {});
  const rated = await api(counter, 'queue.evaluate', { ticketId: issued.ticket.id, level: 1, reasons: ['long-wait'] });
  expect(rated.followUpId).toBeTruthy();

  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await page.goto(counter.openUrl.replace('/#', '/?view=stats#'));
  const item = page.getByTestId('followup').filter({ hasText: issued.ticket.number });
  await expect(item).toHaveAttribute('data-overdue', 'no', { timeout: 15_000 });
  await expect(page.getByTestId('productivity')).toContainText('counter-1');

  // The hall service comes back with its clock 61 minutes on: contact is now overdue.
  const port = Number(new URL(platform.url).port);
  await platform.stop();
  platform = await startPlatformProcess(platform.dataDir, port, platform.databaseUrl, [], { HALL_CLOCK_OFFSET_MS: String(61 * 60_000) });
  await page.reload();
  await expect(item).toHaveAttribute('data-overdue', 'contact', { timeout: 30_000 });

  await item.getByTestId('followup-note').fill('已电话联系市民');
  await item.getByTestId('followup-contact').click();
  await expect(item).toHaveAttribute('data-status', 'contacted', { timeout: 15_000 });
  await expect(item).toHaveAttribute('data-overdue', 'no');
  const rows = await platform.query<{ contacted_at: string | null }>('SELECT contacted_at FROM queue_followups WHERE id = ?', rated.followUpId);
  expect(rows[0]?.contacted_at).toBeTruthy();
});
